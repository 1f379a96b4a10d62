package dev.engram.agent.tool.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link WebToolsConfig} for tests that build the web tools themselves: the defaults of the real config, then changed. */
record TestWebConfig(boolean allowPrivateAddresses, Optional<List<String>> allowedNetworks, Duration connectTimeout,
                     Duration fetchTimeout, int maxBytes, int maxRedirects, String userAgent, Exa exa) implements WebToolsConfig {

    record TestExa(Optional<String> apiKey, String baseUrl, Duration timeout) implements WebToolsConfig.Exa {
    }

    static TestWebConfig defaults() {
        return new TestWebConfig(false, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30), 2_097_152, 5,
                "engram-test", new TestExa(Optional.empty(), "https://api.exa.ai", Duration.ofSeconds(30)));
    }

    TestWebConfig allowingPrivate() {
        return new TestWebConfig(true, allowedNetworks, connectTimeout, fetchTimeout, maxBytes, maxRedirects, userAgent, exa);
    }

    TestWebConfig allowing(String... networks) {
        return new TestWebConfig(allowPrivateAddresses, Optional.of(List.of(networks)), connectTimeout, fetchTimeout, maxBytes,
                maxRedirects, userAgent, exa);
    }

    TestWebConfig fetchTimeout(Duration timeout) {
        return new TestWebConfig(allowPrivateAddresses, allowedNetworks, connectTimeout, timeout, maxBytes, maxRedirects, userAgent, exa);
    }

    TestWebConfig maxBytes(int bytes) {
        return new TestWebConfig(allowPrivateAddresses, allowedNetworks, connectTimeout, fetchTimeout, bytes, maxRedirects, userAgent, exa);
    }

    TestWebConfig exa(String apiKey, String baseUrl, Duration timeout) {
        return new TestWebConfig(allowPrivateAddresses, allowedNetworks, connectTimeout, fetchTimeout, maxBytes, maxRedirects, userAgent,
                new TestExa(Optional.ofNullable(apiKey), baseUrl, timeout));
    }
}
