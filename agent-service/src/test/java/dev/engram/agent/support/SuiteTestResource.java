package dev.engram.agent.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts the real dependencies of agent-service for @QuarkusTest: embedded PostgreSQL and memory-service. */
public class SuiteTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.memory.url", MemoryServiceProcess.get().url());
    }

    @Override
    public void stop() {
        // shared by all test classes; stopped with the JVM
    }
}
