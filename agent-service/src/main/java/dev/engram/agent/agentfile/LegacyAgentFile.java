package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Letta's first Agent File format ("v1", Letta 0.6 to 0.10: one agent, blocks in {@code core_memory}, tools inline,
 * messages without ids and the window as {@code in_context_message_indices}), rewritten as the current document so one
 * importer reads both. Letta's own server no longer imports these; the files in the wild still use it.
 */
final class LegacyAgentFile {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyAgentFile() {
    }

    /** A single-agent document of the first format: no {@code agents} list, but the agent's own fields. */
    static boolean isLegacy(JsonNode doc) {
        return doc.isObject() && !doc.has("agents") && (doc.has("core_memory") || doc.has("in_context_message_indices"));
    }

    static ObjectNode toCurrent(ObjectNode v1) {
        ObjectNode doc = JSON.objectNode();
        ArrayNode agents = doc.putArray("agents");
        doc.putArray("groups");
        ArrayNode blocks = doc.putArray("blocks");
        doc.putArray("files");
        doc.putArray("sources");
        ArrayNode tools = doc.putArray("tools");
        doc.putArray("mcp_servers");
        doc.putObject("metadata").put("format", "v1").put("version", v1.path("version").asText(""));
        doc.set("created_at", v1.get("created_at"));

        ObjectNode agent = agents.addObject();
        for (String field : new String[] {"name", "system", "agent_type", "description", "llm_config", "embedding_config", "tags",
                "tool_rules", "message_buffer_autoclear", "tool_exec_environment_variables"}) {
            if (v1.has(field)) {
                agent.set(field, v1.get(field));
            }
        }
        if (v1.has("metadata_")) {
            agent.set("metadata", v1.get("metadata_"));
        }
        ArrayNode blockIds = agent.putArray("block_ids");
        JsonNode core = v1.path("core_memory");
        for (int i = 0; i < core.size(); i++) {
            ObjectNode b = core.get(i).deepCopy();
            if (b.has("metadata_")) {
                b.set("metadata", b.remove("metadata_"));
            }
            b.put("id", "block-" + i);
            blocks.add(b);
            blockIds.add("block-" + i);
        }
        ArrayNode toolIds = agent.putArray("tool_ids");
        JsonNode inline = v1.path("tools");
        for (int i = 0; i < inline.size(); i++) {
            ObjectNode t = inline.get(i).deepCopy();
            t.remove("type");
            t.remove("required");
            t.put("id", "tool-" + i);
            tools.add(t);
            toolIds.add("tool-" + i);
        }
        ArrayNode messages = agent.putArray("messages");
        JsonNode inlineMessages = v1.path("messages");
        for (int i = 0; i < inlineMessages.size(); i++) {
            ObjectNode m = inlineMessages.get(i).deepCopy();
            m.put("id", "message-" + i);
            m.put("agent_id", "agent-0");
            messages.add(m);
        }
        ArrayNode window = agent.putArray("in_context_message_ids");
        for (JsonNode index : v1.path("in_context_message_indices")) {
            window.add(index.canConvertToInt() && index.asInt() >= 0 && index.asInt() < inlineMessages.size()
                    ? JSON.textNode("message-" + index.asInt()) : JSON.textNode("message-index-" + index.asText()));
        }
        agent.put("id", "agent-0");
        return doc;
    }
}
