package dev.engram.agent.mcp;

import dev.engram.agent.web.ApiException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Checks MCP server URLs: always an http(s) URL with a host; with {@code engram.mcp.block-internal-urls}, also none
 * that names this machine or a private network, so that a tenant cannot make the server call its own neighbours.
 */
final class ServerUrls {

    private static final Set<String> INTERNAL_HOSTS = Set.of("localhost", "metadata.google.internal");
    private static final String[] INTERNAL_SUFFIXES = {".local", ".localdomain", ".home.arpa", ".svc", ".internal"};

    private ServerUrls() {
    }

    /** A 422 naming {@code path} unless the URL is http(s) with a host. */
    static URI requireHttp(String url, String path) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw JsonFields.invalid(path, "Value error, server_url is not a valid URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw JsonFields.invalid(path, "Value error, server_url must start with 'http://' or 'https://', got: '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw JsonFields.invalid(path, "Value error, server_url must have a valid host, got: '" + url + "'");
        }
        return uri;
    }

    /**
     * Refuses (400) a URL whose host is internal by name, or resolves to a loopback, private, link-local or otherwise
     * non-public address. Resolving happens on the caller's thread: call it off the event loop or where names are
     * literal addresses.
     */
    static void refuseInternal(String url) {
        String host = requireHttp(url, "server_url").getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (INTERNAL_HOSTS.contains(bare) || java.util.Arrays.stream(INTERNAL_SUFFIXES).anyMatch(bare::endsWith)) {
            throw ApiException.badRequest("MCP server URL names an internal host: " + host);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw ApiException.badRequest("Cannot resolve the MCP server's host: " + host);
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal(a)) {
                throw ApiException.badRequest("MCP server URL resolves to a non-public address: " + a.getHostAddress());
            }
        }
    }

    /** IPv6 unique local addresses (fc00::/7), which InetAddress does not count as site-local. */
    private static boolean uniqueLocal(InetAddress a) {
        byte[] bytes = a.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
