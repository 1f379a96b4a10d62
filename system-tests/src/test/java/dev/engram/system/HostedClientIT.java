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
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engram as a hosted service, black-box: {@code ./engram up} with {@code ENGRAM_AUTH=keys}, the bootstrap admin key it
 * wrote, keys made with it through {@code /v1/api-keys}, and the official clients configured as their users do
 * ({@code new Letta({ apiKey })}, {@code new OpenAI({ apiKey })}), in src/test/js/hosted.mjs.
 */
class HostedClientIT {

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static String adminKey;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        llm.defaultReply(request -> ScriptedReply.text("Hello from a hosted agent."));
        engram = Engram.upWith("hosted", llm, Map.of("ENGRAM_AUTH", "keys"));
        adminKey = Files.readString(engram.home().resolve("bootstrap-admin-key")).trim();
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @Test
    void the_bootstrap_admin_key_is_kept_private_and_in_the_checksummed_format() throws Exception {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(engram.home().resolve("bootstrap-admin-key"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), mode);
        assertTrue(adminKey.matches("engram_[0-9A-Za-z]{38}"), adminKey);
        assertEquals(401, call("GET", "/v1/agents/", null, null).statusCode());
        assertEquals(200, call("GET", "/v1/agents/", adminKey, null).statusCode());
    }

    @Test
    void the_letta_client_with_a_member_key_works_and_a_wrong_or_missing_key_gets_401() throws Exception {
        String member = newKey("member");

        JsonNode r = NodeScripts.run(engram.baseUrl(), Map.of("LETTA_API_KEY", member), "hosted.mjs", "member");

        String agentId = r.path("agent").path("id").asText();
        assertTrue(agentId.startsWith("agent-"), r.toPrettyString());
        assertTrue(r.path("response").path("messages").toString().contains("Hello from a hosted agent."), r.toPrettyString());
        assertEquals("Name: Ada.", r.path("human").path("value").asText());
        assertTrue(r.path("agentIds").toString().contains(agentId));
        assertEquals(1, r.path("steps").size(), r.path("steps").toPrettyString());
        for (String refused : new String[] {"wrongKey", "noKey"}) {
            JsonNode f = r.path(refused);
            assertTrue(f.path("threw").asBoolean(), refused + ": " + f);
            assertEquals(401, f.path("status").asInt(), refused + ": " + f);
            assertFalse(f.path("error").path("detail").asText().isBlank(), refused + ": " + f);
        }
        assertEquals("AuthenticationError", r.path("wrongKey").path("class").asText());
    }

    @Test
    void a_read_only_key_reads_through_the_client_and_is_refused_writes_with_403() throws Exception {
        String agentId = Engram.JSON.readTree(call("POST", "/v1/agents/", adminKey, Map.of("model", "openai/gpt-4o-mini",
                "embedding", "openai/text-embedding-3-small")).body()).path("id").asText();
        String reader = newKey("read_only");

        JsonNode r = NodeScripts.run(engram.baseUrl(), Map.of("LETTA_API_KEY", reader), "hosted.mjs", "readonly", agentId);

        assertEquals(agentId, r.path("agent").path("id").asText());
        for (String refused : new String[] {"create", "send"}) {
            JsonNode f = r.path(refused);
            assertEquals(403, f.path("status").asInt(), refused + ": " + f);
            assertEquals("PermissionDeniedError", f.path("class").asText(), refused + ": " + f);
        }
    }

    @Test
    void the_openai_client_sends_its_api_key_and_a_wrong_one_gets_401() throws Exception {
        String member = newKey("member");
        call("POST", "/v1/agents/", member, Map.of("model", "openai/gpt-4o-mini", "embedding", "openai/text-embedding-3-small"));

        JsonNode r = NodeScripts.run(engram.baseUrl(), Map.of("LETTA_API_KEY", member), "hosted.mjs", "openai");

        assertEquals("Hello from a hosted agent.", r.path("completion").path("choices").path(0).path("message").path("content").asText(),
                r.toPrettyString());
        assertEquals(401, r.path("wrong").path("status").asInt(), r.path("wrong").toString());
    }

    private String newKey(String role) throws Exception {
        HttpResponse<String> created = call("POST", "/v1/api-keys", adminKey, Map.of("name", "hosted-it " + role, "role", role));
        assertEquals(200, created.statusCode(), created.body());
        return Engram.JSON.readTree(created.body()).path("key").asText();
    }

    private HttpResponse<String> call(String method, String path, String key, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engram.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Engram.JSON.writeValueAsString(body)));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
