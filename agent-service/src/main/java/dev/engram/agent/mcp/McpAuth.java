package dev.engram.agent.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers a server is called with. A token for the Authorization header is kept without its {@code Bearer }
 * prefix and sent (and shown) with it, as Letta does; a token for another header goes as given. Values may hold
 * {@code {{ NAME }}} or {@code {{ NAME | fallback }}}, filled in from the calling agent's secrets.
 */
final class McpAuth {

    static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*([A-Z_][A-Z0-9_]*)\\s*(?:\\|\\s*([^}]+?)\\s*)?}}");

    private McpAuth() {
    }

    /** The header name to store: the given one, or Authorization for a token given alone. */
    static String header(String header, String token) {
        return header != null && !header.isBlank() ? header.strip() : token == null ? null : AUTHORIZATION;
    }

    /** The token to store for that header. */
    static String token(String header, String token) {
        if (token == null) {
            return null;
        }
        return isAuthorization(header) && token.startsWith(BEARER) ? token.substring(BEARER.length()) : token;
    }

    static String shownToken(McpServerEntity s) {
        if (s.authToken == null) {
            return null;
        }
        return isAuthorization(s.authHeader) ? BEARER + s.authToken : s.authToken;
    }

    /** Custom headers first; the auth header unless a custom header of that name is set; then the agent's id. */
    static Map<String, String> headers(McpServerEntity s, Map<String, String> environment, String agentId) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> custom = McpServerView.strings(s.customHeaders);
        if (custom != null) {
            custom.forEach((k, v) -> headers.put(k, fill(v, environment)));
        }
        if (s.authToken != null && s.authHeader != null && headers.keySet().stream().noneMatch(s.authHeader::equalsIgnoreCase)) {
            headers.put(s.authHeader, fill(shownToken(s), environment));
        }
        if (agentId != null) {
            headers.put("X-Agent-Id", agentId);
        }
        return headers;
    }

    /**
     * The value with its templates filled in; left as written when a variable is neither set nor given a fallback,
     * so the server sees what was configured rather than a half-made value.
     */
    static String fill(String value, Map<String, String> environment) {
        if (value == null || !value.contains("{{")) {
            return value;
        }
        Matcher m = TEMPLATE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = environment == null ? null : environment.get(m.group(1));
            String replacement = set != null ? set : m.group(2);
            if (replacement == null) {
                return value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isAuthorization(String header) {
        return header == null || AUTHORIZATION.equalsIgnoreCase(header);
    }
}
