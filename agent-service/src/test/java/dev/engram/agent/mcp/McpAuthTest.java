package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The headers an MCP server is called with. */
class McpAuthTest {

    private static McpServerEntity server(String header, String token, Map<String, String> custom) {
        McpServerEntity s = new McpServerEntity();
        s.authHeader = McpAuth.header(header, token);
        s.authToken = McpAuth.token(s.authHeader, token);
        if (custom != null) {
            s.customHeaders = JsonNodeFactory.instance.objectNode();
            custom.forEach(((com.fasterxml.jackson.databind.node.ObjectNode) s.customHeaders)::put);
        }
        return s;
    }

    @Test
    void an_authorization_token_is_stored_bare_and_sent_and_shown_as_bearer() {
        for (String given : new String[] {"abc", "Bearer abc"}) {
            McpServerEntity s = server("Authorization", given, null);
            assertEquals("abc", s.authToken);
            assertEquals("Bearer abc", McpAuth.shownToken(s));
            assertEquals(Map.of("Authorization", "Bearer abc"), McpAuth.headers(s, Map.of(), null));
        }
        McpServerEntity alone = server(null, "abc", null);
        assertEquals("Authorization", alone.authHeader, "a token given alone goes in Authorization");
    }

    @Test
    void a_token_for_another_header_goes_as_given() {
        McpServerEntity s = server("X-Api-Key", "k-123", null);
        assertEquals(Map.of("X-Api-Key", "k-123"), McpAuth.headers(s, Map.of(), null));
        assertEquals("k-123", McpAuth.shownToken(s));
    }

    @Test
    void custom_headers_win_over_the_auth_header_and_the_agent_is_named() {
        McpServerEntity s = server("Authorization", "abc", Map.of("authorization", "Basic xyz", "X-Team", "core"));
        assertEquals(Map.of("authorization", "Basic xyz", "X-Team", "core", "X-Agent-Id", "agent-1"), McpAuth.headers(s, Map.of(), "agent-1"));
    }

    @Test
    void templates_are_filled_from_the_agent_s_secrets_or_their_fallback() {
        McpServerEntity s = server("Authorization", "{{ API_KEY }}", Map.of("X-Region", "{{REGION | eu}}", "X-Other", "{{ MISSING }}"));
        Map<String, String> headers = McpAuth.headers(s, Map.of("API_KEY", "s3cret"), null);
        assertEquals("Bearer s3cret", headers.get("Authorization"));
        assertEquals("eu", headers.get("X-Region"));
        assertEquals("{{ MISSING }}", headers.get("X-Other"), "left as configured when nothing fills it");
        assertNull(McpAuth.header(null, null));
    }
}
