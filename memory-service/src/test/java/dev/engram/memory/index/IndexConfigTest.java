package dev.engram.memory.index;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IndexConfigTest {

    private static IndexConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(IndexConfig.class)
                // what Quarkus registers at runtime, so that "10s" reads as in the service
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(IndexConfig.class);
    }

    @Test
    void defaults_give_the_embedded_index_under_engram_home_with_rrf_5() {
        IndexConfig config = config(Map.of("ENGRAM_HOME", "/data/engram", "QDRANT_URL", "", "QDRANT_API_KEY", ""));

        assertEquals("/data/engram/index", config.directory());
        assertFalse(config.qdrant().url().isPresent());
        assertFalse(config.qdrant().apiKey().isPresent());
        assertEquals(new FusionSettings(FusionMode.RRF, 5, 0.2, 100), config.fusionSettings());
        assertEquals(FusionSettings.DEFAULTS, config.fusionSettings(), "the code default and the configured one agree");
        assertEquals("engram", config.qdrant().collectionPrefix());
        assertEquals(Duration.ofSeconds(10), config.qdrant().timeout());
    }

    @Test
    void qdrant_url_and_key_come_from_their_variables() {
        IndexConfig config = config(Map.of("QDRANT_URL", "http://qdrant:6334", "QDRANT_API_KEY", "secret",
                "engram.index.fusion", "weighted", "engram.index.dense-weight", "0.7"));

        assertEquals("http://qdrant:6334", config.qdrant().url().orElseThrow());
        assertEquals("secret", config.qdrant().apiKey().orElseThrow());
        assertEquals(FusionMode.WEIGHTED, config.fusion());
        assertEquals(0.7, config.denseWeight());
    }
}
