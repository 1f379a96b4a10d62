package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ADE in headless Chromium ({@code src/test/js/ade-auth.mjs}) against {@code ./engram up} with
 * {@code ENGRAM_AUTH=keys}: the page asks for an API key, says plainly that a wrong one was refused, stores the right
 * one in the browser and sends it on every API call and on the change feed, also after a reload.
 */
class AdeAuthIT {

    private static ScriptedOpenAiServer llm;
    private static Engram engram;
    private static String adminKey;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("ade-auth", llm, Map.of("ENGRAM_AUTH", "keys"));
        adminKey = Files.readString(engram.home().resolve("bootstrap-admin-key")).trim();
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @Test
    void the_ade_asks_for_the_key_refuses_a_wrong_one_and_works_with_the_right_one() throws Exception {
        llm.enqueue(ScriptedReply.text("Hello back, with a key."));
        Path shots = Path.of("target", "ade-screenshots").toAbsolutePath();
        JsonNode r = NodeScripts.run(engram.baseUrl(), Map.of("LETTA_API_KEY", adminKey), "ade-auth.mjs", shots.toString());

        assertTrue(r.path("asked").asText().contains("needs an API key"), r.toPrettyString());
        assertTrue(r.path("refused").asText().contains("The API key was refused (401"), r.toPrettyString());
        assertTrue(r.path("stored").asBoolean(), r.toPrettyString());
        assertEquals(java.util.Set.of("none", "another", "the key"), new java.util.HashSet<>(Engram.JSON.convertValue(r.path("sent_keys"), java.util.List.class)),
                r.toPrettyString());
        for (String name : new String[] {"auth-asks-1280", "auth-wrong-1280", "auth-on-1280"}) {
            Path png = shots.resolve(name + ".png");
            assertTrue(Files.size(png) > 10_000, png + " is missing or empty");
        }
    }
}
