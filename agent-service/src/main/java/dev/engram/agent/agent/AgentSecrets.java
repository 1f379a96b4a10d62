package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An agent's secrets: the variables its custom tools run with (and nothing else of the server's environment).
 * Taken as Letta takes them, {@code {"KEY": "value"}}; shown as Letta's AgentEnvironmentVariable list.
 */
final class AgentSecrets {

    private AgentSecrets() {
    }

    /** Letta's AgentEnvironmentVariable. */
    record Variable(String createdById, String lastUpdatedById, Instant createdAt, Instant updatedAt, String id, String key, String value,
                    String description, String valueEnc, String agentId) {
    }

    /** The secrets as given, or a 422 naming the first entry that is not a string. */
    static JsonNode validated(JsonNode secrets, String field) {
        if (secrets == null || secrets.isNull()) {
            return secrets;
        }
        if (!secrets.isObject()) {
            throw ApiException.unprocessable(field + ": Input should be a valid dictionary");
        }
        secrets.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiException.unprocessable(field + "." + e.getKey() + ": Input should be a valid string");
            }
            if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().indexOf('\0') >= 0) {
                throw ApiException.unprocessable(field + "." + e.getKey() + ": not a valid environment variable name");
            }
        });
        return secrets;
    }

    static List<Variable> view(Agent a) {
        Map<String, String> env = a.environment();
        return env.entrySet().stream().map(e -> new Variable(a.createdById, a.lastUpdatedById, a.createdAt, a.updatedAt,
                "agent-env-" + UUID.nameUUIDFromBytes((a.id + "\n" + e.getKey()).getBytes(StandardCharsets.UTF_8)), e.getKey(), e.getValue(),
                null, null, a.id)).toList();
    }
}
