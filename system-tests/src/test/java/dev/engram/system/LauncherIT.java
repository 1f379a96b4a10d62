package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite as a user runs it: {@code ./engram up}, use it, crash a service, {@code down}, {@code up} again. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static Engram engram;
    private static String blockId;

    @BeforeAll
    static void up() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "engram-home").toAbsolutePath();
        engram = new Engram(home);
        Engram.Result up = engram.run("up");
        assertEquals(0, up.exitCode(), up.output());
        assertTrue(up.output().contains("http://localhost:" + engram.ports().agent() + "/v1/"), up.output());
        assertTrue(up.output().contains("auth: off (loopback only)"), up.output());
    }

    @AfterAll
    static void down() throws Exception {
        if (engram != null) {
            engram.run("down");
        }
    }

    @Test
    @Order(1)
    void health_answers_once_up_returns() throws Exception {
        HttpResponse<String> health = engram.get("/v1/health/");
        assertEquals(200, health.statusCode());
        assertEquals("ok", engram.json(health).get("status").asText());
        Engram.Result status = engram.run("status");
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("agent-service: running, ready"), status.output());
        assertTrue(status.output().contains("postgres: running, embedded"), status.output());
        assertTrue(status.output().contains("auth: off (loopback only)"), status.output());
    }

    @Test
    @Order(1)
    void the_internal_services_answer_only_the_suite_with_its_generated_service_token() throws Exception {
        for (String secret : new String[] {"service-token", "bootstrap-admin-key"}) {
            Path file = engram.home().resolve(secret);
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), secret);
        }
        String token = engram.serviceToken();
        assertTrue(token.matches("[A-Za-z0-9]{48}"), token);

        HttpResponse<String> refused = engram.internalGet(engram.ports().memory(), "/v1/blocks", null);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(engram.json(refused).get("detail").asText().contains("X-Engram-Service-Token"), refused.body());
        assertEquals(401, engram.internalGet(engram.ports().memory(), "/v1/blocks", "guessed").statusCode());
        assertEquals(401, engram.internalGet(engram.ports().embedding(), "/v1/models", null).statusCode());
        assertEquals(200, engram.internalGet(engram.ports().memory(), "/v1/blocks", token).statusCode());
        assertEquals(200, engram.internalGet(engram.ports().embedding(), "/v1/models", token).statusCode());
        assertEquals(200, engram.internalGet(engram.ports().memory(), "/q/health/ready", null).statusCode());
    }

    @Test
    @Order(1)
    void the_bootstrap_admin_key_has_the_api_key_format_with_a_zlib_crc32_checksum() throws Exception {
        String key = Files.readString(engram.home().resolve("bootstrap-admin-key")).trim();
        assertTrue(key.matches("engram_[0-9A-Za-z]{38}"), key);
        CRC32 crc = new CRC32();
        crc.update(key.substring(7, 39).getBytes(StandardCharsets.US_ASCII));
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long value = crc.getValue();
        StringBuilder checksum = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            checksum.insert(0, alphabet.charAt((int) (value % 62)));
            value /= 62;
        }
        assertEquals(checksum.toString(), key.substring(39));
    }

    @Test
    @Order(2)
    void a_block_survives_down_and_up() throws Exception {
        String token = engram.serviceToken();
        String adminKey = Files.readString(engram.home().resolve("bootstrap-admin-key"));
        HttpResponse<String> created = engram.post("/v1/blocks/", Map.of("label", "human", "value", "Role: founder."));
        assertEquals(200, created.statusCode(), created.body());
        blockId = engram.json(created).get("id").asText();

        Engram.Result down = engram.run("down");
        assertEquals(0, down.exitCode(), down.output());
        Engram.Result status = engram.run("status");
        assertTrue(status.output().contains("agent-service: stopped"), status.output());
        Engram.Result up = engram.run("up");
        assertEquals(0, up.exitCode(), up.output());

        assertValue(blockId, "Role: founder.");
        assertEquals(token, engram.serviceToken(), "the service token is kept across restarts");
        assertEquals(adminKey, Files.readString(engram.home().resolve("bootstrap-admin-key")), "the admin key is kept across restarts");
    }

    @Test
    @Order(3)
    void a_block_survives_kill_9_of_memory_service_and_up_restarts_only_what_died() throws Exception {
        long agentPid = engram.pidOf("agent-service");
        engram.kill9("memory-service");
        assertEquals(503, engram.get("/v1/blocks/" + blockId).statusCode());
        Engram.Result status = engram.run("status");
        assertTrue(status.output().contains("memory-service: stopped"), status.output());

        Engram.Result up = engram.run("up");
        assertEquals(0, up.exitCode(), up.output());
        assertTrue(up.output().contains("agent-service already running"), up.output());
        assertEquals(agentPid, engram.pidOf("agent-service"));
        awaitValue(blockId, "Role: founder.");
    }

    @Test
    @Order(4)
    void data_survives_kill_9_of_every_process_including_the_database_launcher() throws Exception {
        // killing the launcher of the embedded PostgreSQL leaves the database server itself running: up must cope
        for (String service : new String[] {"agent-service", "memory-service", "embedding-service", "postgres"}) {
            engram.kill9(service);
        }
        Engram.Result up = engram.run("up");
        assertEquals(0, up.exitCode(), up.output());
        awaitValue(blockId, "Role: founder.");
    }

    private static void assertValue(String id, String expected) throws Exception {
        HttpResponse<String> got = engram.get("/v1/blocks/" + id);
        assertEquals(200, got.statusCode(), got.body());
        JsonNode block = engram.json(got);
        assertEquals(expected, block.get("value").asText());
    }

    /** agent-service's circuit breaker may need a moment to let calls through again after memory-service returns. */
    private static void awaitValue(String id, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (engram.get("/v1/blocks/" + id).statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertValue(id, expected);
    }
}
