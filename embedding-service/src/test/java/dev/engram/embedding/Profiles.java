package dev.engram.embedding;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service configurations the tests start, besides the default one. */
public final class Profiles {

    private Profiles() {
    }

    /** Batching on, cache off: every request reaches the model. */
    public static class NoCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.embedding.cache.max-entries", "0");
        }
    }

    /** The naive baseline: no batcher, each request embeds on its own thread; cache off. */
    public static class Naive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.embedding.batching.enabled", "false", "engram.embedding.cache.max-entries", "0");
        }
    }

    /** A queue holding one request of at most 4 texts at a time, on one lane; cache off. */
    public static class TinyQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.embedding.batching.queue-capacity", "4",
                    "engram.embedding.batching.lanes", "1",
                    "engram.embedding.limits.max-inputs", "4",
                    "engram.embedding.cache.max-entries", "0");
        }
    }

    /** Only the suite may call: a service token is configured. */
    public static class ServiceToken implements QuarkusTestProfile {
        public static final String TOKEN = "test-service-token";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.service-token", TOKEN);
        }
    }
}
