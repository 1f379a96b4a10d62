package dev.engram.agent.tool.web;

import dev.engram.agent.tool.ToolFailure;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** URLs as fetch_webpage takes them: http and https only, with a host; what models write loosely is made valid. */
final class WebUrls {

    private WebUrls() {
    }

    static URI parse(String url) {
        String text = url == null ? "" : url.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            try {
                uri = new URI(escape(text)); // spaces, non-ASCII text and the like, as a browser would send them
            } catch (URISyntaxException again) {
                throw ToolFailure.valueError("'" + text + "' is not a valid URL");
            }
        }
        return checked(uri, text);
    }

    /** The target of a redirect from {@code from}: relative locations are resolved, and the result checked like a URL given. */
    static URI redirect(URI from, String location) {
        URI target;
        try {
            target = from.resolve(new URI(escape(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ToolFailure("HTTPError", from + " redirected to an invalid URL: " + location);
        }
        return checked(target, target.toString());
    }

    private static URI checked(URI uri, String text) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw ToolFailure.valueError("'" + text + "' has no scheme; only http and https URLs can be fetched (e.g. https://"
                    + text + ")");
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            throw ToolFailure.valueError("the URL scheme '" + scheme + "' is not supported: only http and https URLs can be "
                    + "fetched, not local files (file://) or other protocols");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ToolFailure.valueError("'" + text + "' has no host name");
        }
        return uri;
    }

    /** The host without the brackets of an IPv6 literal. */
    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** What goes on the request line: the path (at least /) and the query; never the fragment. */
    static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Percent-encodes what a URI may not hold literally (spaces, controls, non-ASCII, a few symbols), leaving the rest. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
