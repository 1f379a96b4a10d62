package dev.engram.memory.index;

import dev.engram.memory.index.qdrant.QdrantLayout;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void qdrant_layout_is_unset_by_default_and_when_its_variables_are_empty() {
        assertEquals(QdrantLayout.DEFAULTS, config(Map.of()).qdrant().layout());
        assertEquals(QdrantLayout.DEFAULTS, config(Map.of("ENGRAM_QDRANT_SHARDS", "",
                "ENGRAM_QDRANT_REPLICATION_FACTOR", "", "ENGRAM_QDRANT_WRITE_CONSISTENCY", "")).qdrant().layout());
    }

    @Test
    void qdrant_layout_comes_from_its_variables_or_keys() {
        assertEquals(new QdrantLayout(OptionalInt.of(6), OptionalInt.of(2), OptionalInt.of(1)),
                config(Map.of("ENGRAM_QDRANT_SHARDS", "6", "ENGRAM_QDRANT_REPLICATION_FACTOR", "2",
                        "ENGRAM_QDRANT_WRITE_CONSISTENCY", "1")).qdrant().layout());
        assertEquals(new QdrantLayout(OptionalInt.of(4), OptionalInt.of(3), OptionalInt.of(2)),
                config(Map.of("engram.index.qdrant.shards", "4", "engram.index.qdrant.replication-factor", "3",
                        "engram.index.qdrant.write-consistency-factor", "2")).qdrant().layout());
    }

    @Test
    void an_out_of_range_qdrant_layout_fails_naming_the_variable() {
        IndexConfig config = config(Map.of("ENGRAM_QDRANT_REPLICATION_FACTOR", "2", "ENGRAM_QDRANT_WRITE_CONSISTENCY", "3"));

        var e = assertThrows(IllegalArgumentException.class, () -> config.qdrant().layout());
        assertThat(e.getMessage(), containsString("ENGRAM_QDRANT_WRITE_CONSISTENCY"));
    }

    @Test
    void the_start_up_check_stops_on_zero_shards_naming_the_variable_even_without_qdrant() {
        VectorIndexProducer producer = new VectorIndexProducer(config(Map.of("ENGRAM_QDRANT_SHARDS", "0")));

        var e = assertThrows(IllegalArgumentException.class, () -> producer.validate(null));
        assertThat(e.getMessage(), containsString("ENGRAM_QDRANT_SHARDS (engram.index.qdrant.shards) must be at least 1"));
        new VectorIndexProducer(config(Map.of("ENGRAM_QDRANT_SHARDS", "12"))).validate(null);
    }
}
