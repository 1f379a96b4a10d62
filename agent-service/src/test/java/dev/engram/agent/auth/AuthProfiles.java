package dev.engram.agent.auth;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Test profiles that switch authentication on (the test configuration has it off). */
public final class AuthProfiles {

    /** A valid key (checksum computed with Python's zlib.crc32), the bootstrap admin key of {@link Keys}. */
    public static final String BOOTSTRAP = "engram_BootstrapAdminKeyForTests00000010C6LdM";
    public static final String PASSWORD = "letta-password-for-tests";

    private AuthProfiles() {
    }

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.mode", "keys", "engram.auth.bootstrap-admin-key", BOOTSTRAP);
        }
    }

    public static class Password implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.mode", "password", "engram.auth.password", PASSWORD);
        }
    }
}
