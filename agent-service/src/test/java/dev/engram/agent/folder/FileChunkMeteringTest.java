package dev.engram.agent.folder;

import dev.engram.agent.loop.TokenCounter;
import dev.engram.agent.usage.UsageRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunks of a folder's files are metered as embeddings, as archival passages are: one event per chunk, its id
 * naming the chunk's passage (so a retried batch is one event), its tokens estimated and flagged so.
 */
@QuarkusTest
class FileChunkMeteringTest {

    private static final String ORG = "org-00000000-0000-4000-8000-000000000000";

    @Inject
    Pool pool;
    @Inject
    UsageRecorder usage;

    private List<Row> rows(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }

    @Test
    void each_chunk_of_an_uploaded_file_is_one_estimated_embedding_event() {
        String folder = Folders.create(Folders.uniqueName("metered"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            text.append("Entry ").append(i).append(" of the metered ledger: tonnage, berth and pilot on duty.\n");
        }
        String file = Folders.uploaded(folder, "ledger.txt", text.toString());
        List<Map<String, Object>> chunks = given().queryParam("limit", 1000).get("/v1/folders/{id}/passages", folder).then()
                .statusCode(200).extract().jsonPath().getList("");
        assertTrue(chunks.size() > 1, "chunks: " + chunks.size());

        List<Row> events = rows("SELECT * FROM agent.usage_events WHERE meter = 'embedding' AND details::text LIKE $1", "%" + file + "%");
        assertEquals(chunks.stream().map(c -> "embedding:file_chunk:" + c.get("id")).sorted().toList(),
                events.stream().map(r -> r.getString("id")).sorted().toList());
        Map<String, String> textById = new java.util.HashMap<>();
        chunks.forEach(c -> textById.put("embedding:file_chunk:" + c.get("id"), (String) c.get("text")));
        for (Row e : events) {
            assertEquals(ORG, e.getString("organization_id"));
            assertNull(e.getString("agent_id"), "a folder's chunks belong to no agent");
            assertEquals("tokens", e.getString("unit"));
            assertEquals((long) TokenCounter.count(textById.get(e.getString("id"))), e.getLong("quantity"));
            JsonPath details = JsonPath.from(e.getValue("details").toString());
            assertEquals(true, details.getBoolean("estimated"));
            assertEquals(file, details.getString("file_id"));
            assertEquals(folder, details.getString("folder_id"));
            assertEquals(e.getString("id").substring("embedding:".length()), details.getString("source"));
        }

        // the same chunk metered again (a batch retried with its key answers the same passages) stays one event
        Row first = events.getFirst();
        usage.embedding(ORG, null, first.getString("id").substring("embedding:".length()), first.getString("model"),
                first.getLong("quantity"), true, Map.of("file_id", file, "folder_id", folder)).await().atMost(Duration.ofSeconds(10));
        assertEquals(events.size(), rows("SELECT id FROM agent.usage_events WHERE meter = 'embedding' AND details::text LIKE $1",
                "%" + file + "%").size());
    }
}
