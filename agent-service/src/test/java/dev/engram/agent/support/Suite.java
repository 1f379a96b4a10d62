package dev.engram.agent.support;

import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.pg.EmbeddedPg;
import dev.engram.pg.EmbeddedPgTestResource;

import java.util.Map;
import java.util.UUID;

/**
 * The real suite around agent-service in tests: one embedded PostgreSQL, the embedding-service and memory-service
 * jars, and the scripted OpenAI-compatible server standing in for the paid LLM. Started once per test JVM.
 */
public final class Suite {

    private static Suite instance;

    /** The suite's shared secret: memory-service and embedding-service refuse calls without it. */
    public final String serviceToken = "test-" + UUID.randomUUID();
    public final EmbeddedPg database;
    public final ServiceProcess embedding;
    public final ServiceProcess memory;
    public final ScriptedOpenAiServer llm;
    public final dev.engram.agent.support.llm.ScriptedAnthropicServer anthropic;

    private Suite() {
        database = EmbeddedPgTestResource.database();
        llm = new ScriptedOpenAiServer();
        anthropic = new dev.engram.agent.support.llm.ScriptedAnthropicServer();
        embedding = new ServiceProcess("embedding-service", "ENGRAM_EMBEDDING_PORT", Map.of(
                "OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "test-key", "ENGRAM_SERVICE_TOKEN", serviceToken)).start();
        memory = new ServiceProcess("memory-service", "ENGRAM_MEMORY_PORT", Map.of(
                "LETTA_PG_URI", database.uri(),
                "ENGRAM_EMBEDDING_URL", embedding.url(),
                "ENGRAM_SERVICE_TOKEN", serviceToken,
                // one data directory per Suite: a test profile of its own loads this class again (a new class loader),
                // and its memory-service must not meet the first one's index lock
                "ENGRAM_HOME", System.getProperty("java.io.tmpdir") + "/engram-agent-tests-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8))).start();
    }

    public static synchronized Suite get() {
        if (instance == null) {
            instance = new Suite();
        }
        return instance;
    }
}
