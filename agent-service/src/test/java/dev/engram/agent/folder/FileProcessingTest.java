package dev.engram.agent.folder;

import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.web.Actor;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads are ingested in the background: answered at once, their status moving parsing → embedding → completed as
 * clients poll; deleting a file or its folder mid-ingest leaves no chunk; a file left unfinished by a stopped server
 * ends in error; an importer's synchronous ingest takes the same path.
 */
@io.quarkus.test.junit.QuarkusTest
class FileProcessingTest {

    static final String REMOTE = "openai/text-embedding-3-small";
    private final ScriptedOpenAiServer llm = Suite.get().llm;
    private CountDownLatch hold;
    private int callsBeforeHold;

    @Inject
    IngestWorkers workers;
    @Inject
    StuckFiles stuck;
    @Inject
    FileService files;

    @AfterEach
    void release() {
        if (hold != null) {
            hold.countDown();
        }
        llm.holdEmbeddings(null);
    }

    /** From now on every embedding request waits until {@link #release()} or the latch is counted down. */
    private CountDownLatch holdEmbeddings() {
        hold = new CountDownLatch(1);
        callsBeforeHold = llm.embeddingCalls();
        llm.holdEmbeddings(hold);
        return hold;
    }

    /**
     * Waits until the file's status says embedding and its embedding request has reached the (held) model: the
     * status is written before the request leaves, so the status alone does not say the request is held.
     */
    private void awaitHeldInEmbedding(String folder, String file) {
        eventually("the file reaches embedding", () -> "embedding".equals(status(folder, file)));
        eventually("its chunks reach the embedding model", () -> llm.embeddingCalls() > callsBeforeHold);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within a minute: " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A folder embedded through the scripted OpenAI server, whose embeddings a test can hold. */
    private static String remoteFolder(String base) {
        return given().contentType("application/json").body(java.util.Map.of("name", Folders.uniqueName(base), "embedding", REMOTE))
                .post("/v1/folders/").then().statusCode(200).extract().path("id");
    }

    private static String status(String folder, String file) {
        return given().get("/v1/folders/{f}/files/{id}", folder, file).then().statusCode(200).extract().path("processing_status");
    }

    /** The chunks memory-service keeps for the file, read in its tables (a deleted folder's can no longer be listed). */
    private static long chunks(String fileId) {
        return ((Number) Db.query("SELECT count(*) AS n FROM memory.passages WHERE metadata LIKE ?", "%" + fileId + "%")
                .getFirst().get("n")).longValue();
    }

    private static String text(String topic) {
        return "Field notes " + UUID.randomUUID() + " about " + topic + ".\nThe survey team logged the readings at dawn.\n";
    }

    @Test
    void an_upload_is_answered_before_it_is_indexed_and_its_status_is_polled_to_completed() {
        String folder = remoteFolder("async");
        CountDownLatch latch = holdEmbeddings();
        String file = Folders.upload(folder, "survey.txt", text("glaciers")).statusCode(200)
                .body("processing_status", equalTo("pending"))
                .body("source_id", equalTo(folder))
                .extract().path("id");

        // the embedding is held: the file waits in embedding, as the file route and the list both show
        awaitHeldInEmbedding(folder, file);
        given().get("/v1/folders/{f}/files/{id}", folder, file).then().body("total_chunks", equalTo(1)).body("chunks_embedded", equalTo(0));
        given().get("/v1/folders/{id}/files", folder).then().body("processing_status", contains("embedding"));
        given().get("/v1/sources/{id}/files/{file}", folder, file).then().statusCode(200).body("processing_status", equalTo("embedding"));

        latch.countDown();
        Folders.settled(folder, file)
                .body("processing_status", equalTo("completed"))
                .body("total_chunks", equalTo(1))
                .body("chunks_embedded", equalTo(1))
                .body("error_message", equalTo(null));
        given().get("/v1/folders/{id}/passages", folder).then().body("file_id", contains(file));
    }

    @Test
    void a_broken_pdf_is_answered_pending_then_ends_in_error_with_no_chunk() {
        String folder = Folders.create(Folders.uniqueName("broken-async"));
        String file = Folders.upload(folder, "scan.pdf", "%PDF-1.4 truncated".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .statusCode(200).body("processing_status", equalTo("pending")).extract().path("id");
        Folders.settled(folder, file)
                .body("processing_status", equalTo("error"))
                .body("error_message", containsString("Failed to parse PDF"))
                .body("chunks_embedded", equalTo(0));
        given().get("/v1/folders/{id}/passages", folder).then().body("", empty());
        assertEquals(0, chunks(file));
    }

    @Test
    void deleting_a_file_while_it_is_embedded_leaves_no_chunk() {
        String folder = remoteFolder("del-async");
        CountDownLatch latch = holdEmbeddings();
        String file = Folders.upload(folder, "doomed.txt", text("volcanoes")).statusCode(200).extract().path("id");
        awaitHeldInEmbedding(folder, file);

        given().delete("/v1/folders/{f}/{id}", folder, file).then().statusCode(204);
        latch.countDown(); // the batch held in embedding is stored after the delete
        eventually("the ingest ends", () -> !workers.inFlight().contains(file));
        assertEquals(0, chunks(file));
        given().get("/v1/folders/{f}/files/{id}", folder, file).then().statusCode(404);
        given().get("/v1/folders/{id}/passages", folder).then().body("", empty());
    }

    @Test
    void deleting_a_folder_while_a_file_of_it_is_embedded_leaves_no_chunk() {
        String folder = remoteFolder("del-folder-async");
        String kept = Folders.uploaded(folder, "kept.txt", text("harbours"));
        CountDownLatch latch = holdEmbeddings();
        String file = Folders.upload(folder, "doomed.txt", text("lava")).statusCode(200).extract().path("id");
        awaitHeldInEmbedding(folder, file);

        given().delete("/v1/folders/{id}", folder).then().statusCode(200);
        latch.countDown();
        eventually("the ingest ends", () -> !workers.inFlight().contains(file));
        assertEquals(0, chunks(file));
        assertEquals(0, chunks(kept));
        given().get("/v1/folders/{id}", folder).then().statusCode(404);
    }

    @Test
    void a_file_left_unfinished_by_a_stopped_server_ends_in_error_and_a_live_one_is_left_alone() throws Throwable {
        String folder = remoteFolder("restart");
        String org = given().get("/v1/folders/{id}", folder).then().extract().path("organization_id");
        String orphan = "file-" + UUID.randomUUID();
        Timestamp old = Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES));
        // as a replica that died mid-ingest leaves it: embedding, untouched since
        Db.update("INSERT INTO agent.folder_files (id, organization_id, folder_id, file_name, original_file_name, file_type, file_size, "
                        + "processing_status, total_chunks, chunks_embedded, content, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, 'left.txt', 'text/plain', 10, 'embedding', 4, 2, 'partial', ?, ?)",
                orphan, org, folder, "restart/left.txt", old, old);

        CountDownLatch latch = holdEmbeddings();
        String live = Folders.upload(folder, "live.txt", text("tides")).statusCode(200).extract().path("id");
        awaitHeldInEmbedding(folder, live);
        // the recovery takes any unfinished file untouched since now as abandoned, except the ones this replica runs
        int marked = VertxContextSupport.subscribeAndAwait(() -> stuck.recover(Instant.now().plusSeconds(1)));
        assertTrue(marked >= 1, "marked: " + marked);

        given().queryParam("include_content", true).get("/v1/folders/{f}/files/{id}", folder, orphan).then().statusCode(200)
                .body("processing_status", equalTo("error"))
                .body("error_message", containsString("interrupted"))
                .body("error_message", containsString("upload the file again"))
                .body("chunks_embedded", equalTo(0))
                .body("content", equalTo(null));
        assertEquals("embedding", status(folder, live));
        latch.countDown();
        Folders.settled(folder, live).body("processing_status", equalTo("completed"));
        assertEquals(0, chunks(orphan));
    }

    @Test
    void an_importer_ingests_a_file_synchronously_through_the_same_path() throws Throwable {
        String name = Folders.uniqueName("import");
        String folder = Folders.create(name);
        Actor actor = new Actor(Actor.DEFAULT_ORG, Actor.DEFAULT_USER);
        String text = text("reefs");
        // an Agent File carries a PDF's text already extracted: it is not parsed again
        FileView f = VertxContextSupport.subscribeAndAwait(() -> files.ingest(actor, folder, "reefs.pdf", FileContent.text(text)));
        assertEquals("completed", f.processingStatus());
        assertEquals(1, f.totalChunks());
        assertEquals(1, f.chunksEmbedded());
        assertEquals(name + "/reefs.pdf", f.fileName());
        ValidatableResponse read = given().queryParam("include_content", true).get("/v1/folders/{f}/files/{id}", folder, f.id()).then();
        read.statusCode(200).body("processing_status", equalTo("completed")).body("content", equalTo(text))
                .body("file_type", equalTo("application/pdf"));
        given().get("/v1/folders/{id}/passages", folder).then().body("", hasSize(1)).body("text[0]", containsString("reefs"));

        FileView broken = VertxContextSupport.subscribeAndAwait(() -> files.ingest(actor, folder, "empty.txt", FileContent.text("  ")));
        assertEquals("error", broken.processingStatus());
        assertEquals(List.of(), Db.query("SELECT id FROM memory.passages WHERE metadata LIKE ?", "%" + broken.id() + "%"));
    }
}
