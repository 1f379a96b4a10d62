package dev.engram.memory.packaged;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The suite's shared secret for the packaged jar: it then refuses calls without it, as in production. */
public class ServiceTokenResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "packaged-jar-test-token";

    @Override
    public Map<String, String> start() {
        return Map.of("engram.service-token", TOKEN);
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
