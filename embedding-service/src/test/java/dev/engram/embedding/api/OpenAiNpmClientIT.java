package dev.engram.embedding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.embedding.Api;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Black-box check with a client nobody here wrote: the official {@code openai} npm package drives the packaged service
 * (the production jar, started by Quarkus) unchanged. Needs node and npm on the PATH (and the npm registry for the
 * first install); fails without them.
 */
@QuarkusIntegrationTest
class OpenAiNpmClientIT {

    private static final Path SOURCES = Path.of("src/test/js");
    private static final Path WORK = Path.of("target/openai-npm-client");

    @Test
    void the_official_openai_client_works_unchanged() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "openai-client-check.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        String output = run(List.of("node", "openai-client-check.mjs", "http://localhost:" + RestAssured.port + "/v1", Api.DEFAULT_MODEL), 120);
        JsonNode summary = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());

        assertEquals("list", summary.at("/float/object").asText());
        assertEquals(Api.DEFAULT_MODEL, summary.at("/float/model").asText());
        assertEquals(384, summary.at("/float/dims").asInt());
        assertEquals(1.0, summary.at("/float/norm").asDouble(), 1e-4);
        assertEquals(2, summary.at("/float/promptTokens").asInt());

        assertTrue(summary.at("/base64/isString").asBoolean());
        assertEquals(384, summary.at("/base64/dims").asInt());
        assertTrue(summary.at("/base64/maxDiffToFloat").asDouble() < 1e-6, summary.toString());
        assertEquals(384, summary.at("/clientDefault/dims").asInt());
        assertTrue(summary.at("/clientDefault/maxDiffToFloat").asDouble() < 1e-6, summary.toString());

        assertEquals(3, summary.at("/array/count").asInt());
        assertEquals("[0,1,2]", summary.at("/array/indices").toString());
        assertTrue(summary.at("/array/lastEqualsSingle").asDouble() < 1e-6, summary.toString());

        assertTrue(summary.at("/error/thrown").asBoolean());
        assertEquals(422, summary.at("/error/status").asInt());
        assertEquals("UnprocessableEntityError", summary.at("/error/className").asText());

        assertTrue(summary.at("/models").toString().contains(Api.DEFAULT_MODEL), summary.toString());
    }

    /** Runs a command in the work directory and returns its standard output; fails on a non-zero exit. */
    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("npm-client", ".log");
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(WORK.toFile())
                .redirectErrorStream(false)
                .redirectError(log.toFile())
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String stdout = new String(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(log);
        Files.deleteIfExists(log);
        assertTrue(finished && process.exitValue() == 0,
                () -> String.join(" ", command) + " failed:\n" + stdout + "\n" + stderr);
        return stdout;
    }
}
