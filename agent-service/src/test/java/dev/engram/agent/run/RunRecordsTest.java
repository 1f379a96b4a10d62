package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run leaves in the agent schema: the closed run with its result, one record per step, no ticket. */
@QuarkusTest
class RunRecordsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @Inject
    Pool pool;
    @Inject
    QueueRepository queue;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    @Test
    void a_run_is_closed_with_its_result_each_step_is_recorded_and_the_agents_turn_is_given_back() throws Exception {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}"))
                        .withUsage(900, 20),
                ScriptedReply.text("Noted.").withUsage(950, 8));
        Agents.send(agent, "I'm using Nuxt.").statusCode(200);

        List<Row> runs = rows("SELECT * FROM agent.runs WHERE agent_id = $1", agent);
        assertEquals(1, runs.size());
        Row run = runs.getFirst();
        assertEquals("completed", run.getString("status"));
        assertEquals("end_turn", run.getString("stop_reason"));
        assertTrue(run.getLong("total_duration_ns") > 0);
        JsonNode metadata = JsonText.MAPPER.readTree(run.getString("metadata"));
        assertEquals("send_message", metadata.path("run_type").asText());
        assertEquals("end_turn", metadata.path("result").path("stop_reason").path("stop_reason").asText());
        assertEquals(2, metadata.path("result").path("usage").path("step_count").asInt());

        List<Row> steps = rows("SELECT * FROM agent.steps WHERE run_id = $1 ORDER BY created_at", run.getString("id"));
        assertEquals(List.of(900, 950), steps.stream().map(r -> r.getInteger("prompt_tokens")).toList());
        assertEquals(List.of(920, 958), steps.stream().map(r -> r.getInteger("total_tokens")).toList());
        assertEquals(List.of("success", "success"), steps.stream().map(r -> r.getString("status")).toList());
        steps.forEach(s -> assertNull(s.getString("plan"), "a committed step keeps no plan"));

        assertEquals("end_turn", rows("SELECT last_stop_reason FROM agent.agents WHERE id = $1", agent).getFirst()
                .getString("last_stop_reason"));
        assertEquals(0, rows("SELECT ticket FROM agent.agent_queue WHERE agent_id = $1", agent).size());
    }

    @Test
    void a_failed_run_is_closed_as_failed_and_leaves_no_ticket() throws Exception {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.unauthorized());
        Agents.send(agent, "hello").statusCode(401);

        Row run = rows("SELECT * FROM agent.runs WHERE agent_id = $1", agent).getFirst();
        assertEquals("failed", run.getString("status"));
        assertEquals("llm_api_error", run.getString("stop_reason"));
        assertEquals(List.of("failed"), rows("SELECT status FROM agent.steps WHERE run_id = $1", run.getString("id")).stream()
                .map(r -> r.getString("status")).toList());
        assertEquals(0, rows("SELECT ticket FROM agent.agent_queue WHERE agent_id = $1", agent).size());
    }

    @Test
    void tickets_taken_at_once_for_one_agent_see_one_head_the_oldest() {
        String agent = "agent-" + UUID.randomUUID();
        Instant now = Instant.now();
        List<Uni<QueueRepository.Taken>> takes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            takes.add(queue.enqueue(agent, "run-" + i, "test", now, now.minusSeconds(30)));
        }
        List<QueueRepository.Taken> taken = Uni.join().all(takes).andFailFast().await().indefinitely();
        long oldest = taken.stream().mapToLong(QueueRepository.Taken::ticket).min().orElseThrow();
        // committed in numbering order: every request sees the oldest ticket at the head, so exactly one runs
        taken.forEach(t -> assertEquals(oldest, t.head().ticket()));
        assertEquals(1, taken.stream().filter(t -> t.head().ticket() == t.ticket()).count());
        taken.forEach(t -> queue.delete(t.ticket()).await().indefinitely());
    }

    private List<Row> rows(String sql, String param) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().forEach(out::add);
        return out;
    }
}
