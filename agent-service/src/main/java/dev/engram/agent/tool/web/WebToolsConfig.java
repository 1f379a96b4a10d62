package dev.engram.agent.tool.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The built-in web tools: {@code fetch_webpage} (fetched by this server) and {@code web_search} (Exa). */
@ConfigMapping(prefix = "engram.tools.web")
public interface WebToolsConfig {

    /**
     * Let fetch_webpage reach loopback, private, link-local, shared (CGNAT), multicast and reserved addresses
     * (ENGRAM_TOOLS_WEB_ALLOW_PRIVATE). Off, a model cannot make the server read its own network or a cloud metadata
     * endpoint.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Networks fetch_webpage may reach although they are not public, as CIDRs or single addresses (10.1.2.0/24, fd12::7). */
    Optional<List<String>> allowedNetworks();

    /** Longest wait for a TCP (and TLS) connection to a page's server. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest time one fetch may take, every redirect and the whole body included. */
    @WithDefault("30s")
    Duration fetchTimeout();

    /** Bytes of a page read at most; the rest is not downloaded and the page is marked as cut. */
    @WithDefault("2097152")
    int maxBytes();

    /** Redirects followed at most; each new address is checked like the first. */
    @WithDefault("5")
    int maxRedirects();

    /** The User-Agent header of page requests. */
    @WithDefault("Mozilla/5.0 (compatible; Engram/0.1; fetch_webpage)")
    String userAgent();

    Exa exa();

    /** web_search's provider, Exa's search API. */
    interface Exa {

        /**
         * API key (EXA_API_KEY). An agent's own EXA_API_KEY secret takes precedence; without either, web_search
         * answers that it is not configured.
         */
        Optional<String> apiKey();

        /** Base URL of the API (EXA_BASE_URL). */
        @WithDefault("https://api.exa.ai")
        String baseUrl();

        /** Longest wait for a search answer. */
        @WithDefault("30s")
        Duration timeout();
    }
}
