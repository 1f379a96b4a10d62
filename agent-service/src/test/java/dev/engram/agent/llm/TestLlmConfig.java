package dev.engram.agent.llm;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link LlmConfig} built from the given properties and the mapping's own defaults, with neither environment nor
 * system properties, so that a developer's real keys never reach a test. Retries back off briefly.
 */
final class TestLlmConfig {

    private TestLlmConfig() {
    }

    /** {@code keyValues}: property names (without the {@code engram.llm.} prefix) and values, alternating. */
    static LlmConfig of(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("engram.llm.retry-backoff", "10ms");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("engram.llm." + keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LlmConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(LlmConfig.class);
    }
}
