package dev.engram.agent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/** Wires agent-service under test to the real suite (see {@link Suite}). */
public class SuiteTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Suite suite = Suite.get();
        Map<String, String> config = new HashMap<>(suite.database.quarkusDatasourceProperties());
        config.put("quarkus.rest-client.memory.url", suite.memory.url());
        config.put("quarkus.rest-client.embedding.url", suite.embedding.url());
        config.put("engram.service-token", suite.serviceToken);
        config.put("engram.llm.openai.base-url", suite.llm.baseUrl());
        config.put("engram.llm.openai.api-key", "test-key");
        config.put("engram.llm.retry-backoff", "10ms");
        config.put("engram.llm.anthropic.base-url", suite.anthropic.baseUrl());
        config.put("engram.llm.anthropic.api-key", "test-key");
        config.put("engram.queue.max-wait", "20s");
        // short leases so that recovery tests do not wait long; heartbeats keep live turns well inside them
        config.put("engram.queue.lease", "3s");
        config.put("engram.queue.heartbeat", "500ms");
        config.put("engram.runs.recovery-interval", "1s");
        // MCP calls that hang are cut after seconds, not a minute (McpServersApiTest waits for one)
        config.put("engram.mcp.call-timeout", "4s");
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class; stopped with the JVM
    }
}
