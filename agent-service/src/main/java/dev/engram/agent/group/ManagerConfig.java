package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;

import java.util.List;
import java.util.Set;

/**
 * A group's manager configuration (Letta's RoundRobinManager, SupervisorManager, DynamicManager, SleeptimeManager and
 * VoiceSleeptimeManager, told apart by {@code manager_type}), checked field by field: a 422 names the field.
 */
record ManagerConfig(String managerType, String managerAgentId, Integer maxTurns, String terminationToken,
                     Integer sleeptimeAgentFrequency, Integer maxMessageBufferLength, Integer minMessageBufferLength) {

    static final String ROUND_ROBIN = "round_robin";
    static final String SUPERVISOR = "supervisor";
    static final String DYNAMIC = "dynamic";
    static final String SLEEPTIME = "sleeptime";
    static final String VOICE_SLEEPTIME = "voice_sleeptime";
    static final List<String> TYPES = List.of(ROUND_ROBIN, SUPERVISOR, DYNAMIC, SLEEPTIME, VOICE_SLEEPTIME);
    /** Manager types whose configuration names the managing agent. */
    static final Set<String> MANAGED = Set.of(SUPERVISOR, DYNAMIC, SLEEPTIME, VOICE_SLEEPTIME);
    static final String DEFAULT_TERMINATION_TOKEN = "DONE!";

    private static final String FIELD = "manager_config.";

    /**
     * Reads the configuration; {@code creating} fills Letta's defaults (round robin when left out, the dynamic
     * manager's termination token) and requires the managing agent of the types that have one.
     */
    static ManagerConfig read(JsonNode node, boolean creating) {
        if (node == null || node.isNull()) {
            return creating ? new ManagerConfig(ROUND_ROBIN, null, null, null, null, null, null) : null;
        }
        if (!node.isObject()) {
            throw ApiException.unprocessable("manager_config: Input should be an object");
        }
        JsonNode typeNode = node.get("manager_type");
        String type = typeNode == null || typeNode.isNull() ? (creating ? ROUND_ROBIN : null) : typeNode.asText();
        if (type == null) {
            throw ApiException.unprocessable(FIELD + "manager_type: Field required");
        }
        if (typeNode != null && !typeNode.isNull() && !typeNode.isTextual() || !TYPES.contains(type)) {
            throw ApiException.unprocessable(FIELD + "manager_type: Input tag '" + type + "' found using 'manager_type' does not match "
                    + "any of the expected tags: " + String.join(", ", TYPES.stream().map(t -> "'" + t + "'").toList()));
        }
        String manager = null;
        if (MANAGED.contains(type)) {
            JsonNode m = node.get("manager_agent_id");
            if (m == null || m.isNull()) {
                if (creating) {
                    throw ApiException.unprocessable(FIELD + "manager_agent_id: Field required");
                }
            } else if (!m.isTextual()) {
                throw ApiException.unprocessable(FIELD + "manager_agent_id: Input should be a valid string");
            } else {
                manager = Ids.require("agent", FIELD + "manager_agent_id", m.asText());
            }
        }
        Integer maxTurns = ROUND_ROBIN.equals(type) || DYNAMIC.equals(type) ? positive(node, "max_turns") : null;
        String token = null;
        if (DYNAMIC.equals(type)) {
            JsonNode t = node.get("termination_token");
            token = t == null || t.isNull() ? (creating ? DEFAULT_TERMINATION_TOKEN : null) : t.asText();
        }
        Integer frequency = SLEEPTIME.equals(type) ? positive(node, "sleeptime_agent_frequency") : null;
        Integer max = VOICE_SLEEPTIME.equals(type) ? positive(node, "max_message_buffer_length") : null;
        Integer min = VOICE_SLEEPTIME.equals(type) ? positive(node, "min_message_buffer_length") : null;
        if (VOICE_SLEEPTIME.equals(type) && creating) {
            bufferRange(max, min);
        }
        return new ManagerConfig(type, manager, maxTurns, token, frequency, max, min);
    }

    /** Letta's rule for a voice sleeptime group's buffer: both or neither, each above 4, max above min. */
    static void bufferRange(Integer max, Integer min) {
        if ((max == null) != (min == null)) {
            throw ApiException.unprocessable(FIELD + (max == null ? "max_message_buffer_length" : "min_message_buffer_length")
                    + ": max_message_buffer_length and min_message_buffer_length must be given together");
        }
        if (max == null) {
            return;
        }
        if (max <= 4 || min <= 4) {
            throw ApiException.unprocessable(FIELD + (max <= 4 ? "max_message_buffer_length" : "min_message_buffer_length")
                    + ": must be greater than 4");
        }
        if (max <= min) {
            throw ApiException.unprocessable(FIELD + "max_message_buffer_length: must be greater than min_message_buffer_length");
        }
    }

    private static Integer positive(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw ApiException.unprocessable(FIELD + field + ": Input should be a valid integer");
        }
        if (v.asInt() < 1) {
            throw ApiException.unprocessable(FIELD + field + ": Input should be greater than 0");
        }
        return v.asInt();
    }
}
