package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./engram import --from}: a live server's agents copied through both servers' public APIs. The source is
 * Engram itself (it speaks Letta's API): organization A of a keys-mode suite, copied into organization B of the same
 * suite, each side with its own admin key. A second run changes nothing; a run after passages went missing puts
 * back exactly those.
 */
class ImportFromServerIT {

    private static final int PASSAGES = 230; // the first insert, a batch of 200 and one of 29

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static String keyA;
    private static String keyB;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception {
        llm = new ScriptedOpenAiServer();
        llm.defaultReply(request -> ScriptedReply.text("Noted."));
        engram = Engram.upWith("import", llm, Map.of("ENGRAM_AUTH", "keys"));
        String operator = Files.readString(engram.home().resolve("bootstrap-admin-key")).trim();
        keyA = tenantAdmin(operator, "source org");
        keyB = tenantAdmin(operator, "target org");
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    private static String tenantAdmin(String operator, String name) throws Exception {
        String org = call("POST", "/v1/admin/organizations", operator, Map.of("name", name + " " + UUID.randomUUID())).path("id").asText();
        return call("POST", "/v1/admin/organizations/" + org + "/api-keys", operator, Map.of("name", "admin", "role", "admin"))
                .path("key").asText();
    }

    @Test
    void agents_passages_and_folders_are_copied_once_with_matching_counts_and_a_rerun_completes_what_went_missing() throws Exception {
        // the source organization: two agents (one with a conversation and many passages) and a folder with a file
        String ada = agent(keyA, "ada", "Name: Ada. Likes sailing.");
        String bob = agent(keyA, "bob", "Name: Bob.");
        call("POST", "/v1/agents/" + ada + "/messages", keyA, Map.of("messages", List.of(Map.of("role", "user", "content", "Hello!"))));
        for (int i = 0; i < PASSAGES; i++) {
            call("POST", "/v1/agents/" + ada + "/archival-memory", keyA, Map.of("text", "Fact number " + i + " about Ada.",
                    "tags", List.of("fact")));
        }
        String folder = call("POST", "/v1/folders/", keyA, Map.of("name", "notes", "description", "Ada's notes")).path("id").asText();
        upload(keyA, folder, "trip.md", "# Trip\nAda sails to Lisbon in May.\n");
        // both agents share it: it comes with the first one's Agent File, and the second is attached to that copy
        call("PATCH", "/v1/agents/" + ada + "/folders/attach/" + folder, keyA, null);
        call("PATCH", "/v1/agents/" + bob + "/folders/attach/" + folder, keyA, null);

        Engram.Result first = importAll();
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("2 agents imported, 0 already there"), first.output());
        assertTrue(first.output().contains("every count matches"), first.output());

        List<JsonNode> copied = list("/v1/agents/?order=asc", keyB);
        assertEquals(List.of("ada", "bob"), copied.stream().map(a -> a.path("name").asText()).sorted().toList());
        String adaCopy = copied.stream().filter(a -> a.path("name").asText().equals("ada")).findFirst().orElseThrow().path("id").asText();
        assertTrue(!adaCopy.equals(ada) && !adaCopy.equals(bob), "a new id in the target");
        assertEquals("Name: Ada. Likes sailing.", call("GET", "/v1/agents/" + adaCopy + "/core-memory/blocks/human", keyB, null)
                .path("value").asText());
        assertEquals(PASSAGES, list("/v1/agents/" + adaCopy + "/archival-memory?ascending=true", keyB).size());
        assertEquals(list("/v1/agents/" + ada + "/messages?order=asc", keyA).stream().map(m -> m.path("message_type").asText()).toList(),
                list("/v1/agents/" + adaCopy + "/messages?order=asc", keyB).stream().map(m -> m.path("message_type").asText()).toList());
        JsonNode folders = call("GET", "/v1/folders/", keyB, null);
        assertEquals(1, folders.size(), folders.toPrettyString());
        assertEquals(1, call("GET", "/v1/folders/" + folders.get(0).path("id").asText() + "/files", keyB, null).size());
        for (JsonNode a : copied) {
            JsonNode attached = call("GET", "/v1/agents/" + a.path("id").asText() + "/folders", keyB, null);
            assertEquals(1, attached.size(), a.path("name").asText() + ": " + attached);
            assertEquals(folders.get(0).path("id").asText(), attached.get(0).path("id").asText());
        }
        assertEquals(2, list("/v1/agents/?order=asc", keyA).size(), "the source is untouched");

        // a second run finds everything there
        Engram.Result again = importAll();
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("0 agents imported, 2 already there"), again.output());
        assertEquals(2, list("/v1/agents/?order=asc", keyB).size());
        assertEquals(PASSAGES, list("/v1/agents/" + adaCopy + "/archival-memory?ascending=true", keyB).size(), "no passage twice");

        // as if a run had broken off half-way: some passages missing in the target; the next run puts back exactly those
        List<JsonNode> passages = list("/v1/agents/" + adaCopy + "/archival-memory?ascending=true", keyB);
        for (int i = 0; i < 25; i++) {
            call("DELETE", "/v1/agents/" + adaCopy + "/archival-memory/" + passages.get(i * 7).path("id").asText(), keyB, null);
        }
        Engram.Result repair = importAll();
        assertEquals(0, repair.exitCode(), repair.output());
        assertTrue(repair.output().contains("every count matches"), repair.output());
        List<String> texts = list("/v1/agents/" + adaCopy + "/archival-memory?ascending=true", keyB).stream()
                .map(p -> p.path("text").asText()).sorted().toList();
        assertEquals(PASSAGES, texts.size());
        assertEquals(PASSAGES, texts.stream().distinct().count());
    }

    private Engram.Result importAll() throws Exception {
        return engram.run(List.of("import", "--from", engram.baseUrl(), "--from-key", keyA, "--to-key", keyB));
    }

    private static String agent(String key, String name, String human) throws Exception {
        return call("POST", "/v1/agents/", key, Map.of("name", name, "model", "openai/gpt-4o-mini",
                "embedding", "openai/text-embedding-3-small",
                "memory_blocks", List.of(Map.of("label", "human", "value", human), Map.of("label", "persona", "value", "Helpful.")),
                "tools", List.of("archival_memory_insert", "archival_memory_search"))).path("id").asText();
    }

    /** Every item of a list route, page by page. */
    private static List<JsonNode> list(String path, String key) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = call("GET", path + "&limit=100" + (after == null ? "" : "&after=" + after), key, null);
            page.forEach(all::add);
            if (page.size() < 100) {
                return all;
            }
            after = page.get(page.size() - 1).path("id").asText();
        }
    }

    private static void upload(String key, String folder, String name, String text) throws Exception {
        String boundary = "it-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(engram.baseUrl() + "/v1/folders/" + folder + "/upload"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        // ingested in the background: the import copies a file's text once it is completed
        String id = Engram.JSON.readTree(r.body()).path("id").asText();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"completed".equals(call("GET", "/v1/folders/" + folder + "/files/" + id, key, null).path("processing_status").asText())) {
            assertTrue(System.nanoTime() < deadline, "file " + id + " not completed within a minute");
            Thread.sleep(50);
        }
    }

    private static JsonNode call(String method, String path, String key, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engram.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        return r.body().isEmpty() ? Engram.JSON.nullNode() : Engram.JSON.readTree(r.body());
    }
}
