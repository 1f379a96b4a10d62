package dev.engram.agent.packaged;

import dev.engram.agent.auth.AuthProfiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** API keys on, as the packaged service runs by default, with a bootstrap admin key the tests send. */
public class BootstrapKeyResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = AuthProfiles.BOOTSTRAP;

    @Override
    public Map<String, String> start() {
        return Map.of("engram.auth.mode", "keys", "engram.auth.bootstrap-admin-key", KEY);
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
