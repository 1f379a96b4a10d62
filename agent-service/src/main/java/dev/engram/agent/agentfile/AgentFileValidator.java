package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole Agent File before anything is created: the shape Letta's {@code AgentFileSchema} requires, ids unique
 * across the document, and every reference (tool_ids, block_ids, in_context_message_ids, source_ids, files_agents,
 * groups' agent_ids) naming something the file holds. Each problem is reported with its JSON path.
 */
final class AgentFileValidator {

    static final List<String> SECTIONS = List.of("agents", "groups", "blocks", "files", "sources", "tools", "mcp_servers");
    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "function", "approval", "summary");
    static final int MAX_TOOL_NAME = 48;

    private final List<String> errors = new ArrayList<>();
    private final Map<String, String> owner = new HashMap<>(); // id -> section

    private AgentFileValidator() {
    }

    /** Every problem of the document, each as {@code path: what is wrong}; empty when it can be imported. */
    static List<String> validate(ObjectNode doc) {
        AgentFileValidator v = new AgentFileValidator();
        v.check(doc);
        return v.errors;
    }

    private void check(ObjectNode doc) {
        for (String section : SECTIONS) {
            JsonNode list = doc.get(section);
            if (list == null) {
                errors.add(section + ": Field required");
            } else if (!list.isArray()) {
                errors.add(section + ": Input should be a valid list");
            }
        }
        if (doc.has("skills") && !doc.get("skills").isArray() && !doc.get("skills").isNull()) {
            errors.add("skills: Input should be a valid list");
        }
        if (doc.has("metadata") && !doc.get("metadata").isObject() && !doc.get("metadata").isNull()) {
            errors.add("metadata: Input should be a valid dictionary");
        }
        if (!errors.isEmpty()) {
            return;
        }
        for (String section : SECTIONS) {
            JsonNode list = doc.get(section);
            for (int i = 0; i < list.size(); i++) {
                String path = section + "[" + i + "]";
                JsonNode e = list.get(i);
                if (!e.isObject()) {
                    errors.add(path + ": Input should be an object");
                    continue;
                }
                String id = string(e, path, "id", true);
                if (id != null && owner.putIfAbsent(id, section) != null) {
                    errors.add(path + ".id: duplicate id '" + id + "'");
                }
            }
        }
        if (doc.get("agents").isEmpty()) {
            errors.add("agents: the file holds no agent");
        }
        eachObject(doc, "blocks", (b, path) -> {
            String label = string(b, path, "label", true);
            if (label != null && label.isBlank()) {
                errors.add(path + ".label: must not be blank");
            }
            string(b, path, "value", true);
            integer(b, path, "limit");
        });
        eachObject(doc, "tools", (t, path) -> {
            String name = string(t, path, "name", true);
            boolean custom = "custom".equals(t.path("tool_type").asText("custom"));
            if (custom && name != null && name.length() > MAX_TOOL_NAME) {
                errors.add(path + ".name: tool name '" + name + "' is longer than " + MAX_TOOL_NAME + " characters");
            }
            string(t, path, "tool_type", false);
            string(t, path, "source_code", false);
            JsonNode schema = t.get("json_schema");
            if (schema != null && !schema.isNull() && (!schema.isObject() || !schema.path("name").isTextual())) {
                errors.add(path + ".json_schema: must be an object with a \"name\"");
            }
            integer(t, path, "return_char_limit");
        });
        eachObject(doc, "mcp_servers", (s, path) -> {
            string(s, path, "server_name", true);
            string(s, path, "server_type", true);
        });
        eachObject(doc, "files", (f, path) -> reference(f.get("source_id"), path + ".source_id", "sources", "source"));
        eachObject(doc, "groups", (g, path) -> references(g, path, "agent_ids", "agents", "agent"));
        eachObject(doc, "agents", this::agent);
    }

    private void agent(JsonNode a, String path) {
        string(a, path, "name", false);
        string(a, path, "agent_type", false);
        string(a, path, "system", false);
        string(a, path, "model", false);
        string(a, path, "embedding", false);
        object(a, path, "llm_config");
        object(a, path, "embedding_config");
        references(a, path, "tool_ids", "tools", "tool");
        references(a, path, "block_ids", "blocks", "block");
        references(a, path, "source_ids", "sources", "source");
        references(a, path, "folder_ids", "sources", "source");
        JsonNode rules = a.get("tool_rules");
        if (rules != null && !rules.isNull() && !rules.isArray()) {
            errors.add(path + ".tool_rules: Input should be a valid list");
        }
        Set<String> messageIds = new HashSet<>();
        JsonNode messages = a.get("messages");
        if (messages != null && !messages.isNull()) {
            if (!messages.isArray()) {
                errors.add(path + ".messages: Input should be a valid list");
            } else {
                for (int j = 0; j < messages.size(); j++) {
                    String mp = path + ".messages[" + j + "]";
                    JsonNode m = messages.get(j);
                    if (!m.isObject()) {
                        errors.add(mp + ": Input should be an object");
                        continue;
                    }
                    String id = string(m, mp, "id", true);
                    if (id != null && (!messageIds.add(id) || owner.containsKey(id))) {
                        errors.add(mp + ".id: duplicate id '" + id + "'");
                    }
                    String role = string(m, mp, "role", true);
                    if (role != null && !ROLES.contains(role)) {
                        errors.add(mp + ".role: Input should be one of " + new java.util.TreeSet<>(ROLES));
                    }
                    JsonNode content = m.get("content");
                    if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                        errors.add(mp + ".content: Input should be a valid string or a list of content parts");
                    }
                    JsonNode created = m.get("created_at");
                    if (created != null && !created.isNull() && (!created.isTextual() || Times.parse(created.asText()) == null)) {
                        errors.add(mp + ".created_at: Input should be a valid datetime");
                    }
                    JsonNode calls = m.get("tool_calls");
                    if (calls != null && !calls.isNull() && !calls.isArray()) {
                        errors.add(mp + ".tool_calls: Input should be a valid list");
                    }
                }
            }
        }
        JsonNode window = a.get("in_context_message_ids");
        if (window != null && !window.isNull()) {
            if (!window.isArray()) {
                errors.add(path + ".in_context_message_ids: Input should be a valid list");
            } else {
                for (int j = 0; j < window.size(); j++) {
                    JsonNode id = window.get(j);
                    if (!id.isTextual() || !messageIds.contains(id.asText())) {
                        errors.add(path + ".in_context_message_ids[" + j + "]: unknown message id " + id
                                + " (not among the agent's messages)");
                    }
                }
            }
        }
        JsonNode filesAgents = a.get("files_agents");
        if (filesAgents != null && filesAgents.isArray()) {
            for (int j = 0; j < filesAgents.size(); j++) {
                JsonNode fa = filesAgents.get(j);
                reference(fa.get("file_id"), path + ".files_agents[" + j + "].file_id", "files", "file");
                reference(fa.get("source_id"), path + ".files_agents[" + j + "].source_id", "sources", "source");
            }
        }
        JsonNode conversations = a.get("conversations");
        if (conversations != null && !conversations.isNull()) {
            if (!conversations.isArray()) {
                errors.add(path + ".conversations: Input should be a valid list");
            } else {
                for (int j = 0; j < conversations.size(); j++) {
                    String cp = path + ".conversations[" + j + "]";
                    JsonNode c = conversations.get(j);
                    string(c, cp, "id", true);
                    JsonNode ids = c.get("in_context_message_ids");
                    if (ids != null && ids.isArray()) {
                        for (int k = 0; k < ids.size(); k++) {
                            if (!ids.get(k).isTextual() || !messageIds.contains(ids.get(k).asText())) {
                                errors.add(cp + ".in_context_message_ids[" + k + "]: unknown message id " + ids.get(k)
                                        + " (not among the agent's messages)");
                            }
                        }
                    }
                }
            }
        }
        JsonNode passages = a.get("passages");
        if (passages != null && !passages.isNull()) {
            if (!passages.isArray()) {
                errors.add(path + ".passages: Input should be a valid list");
            } else {
                for (int j = 0; j < passages.size(); j++) {
                    string(passages.get(j), path + ".passages[" + j + "]", "text", true);
                    vector(passages.get(j), path + ".passages[" + j + "]");
                }
            }
        }
    }

    /** A passage's {@code embedding}: numbers, as many as its {@code embedding_config.embedding_dim} says. */
    private void vector(JsonNode p, String path) {
        JsonNode v = p.get("embedding");
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray() || v.isEmpty()) {
            errors.add(path + ".embedding: Input should be a non-empty list of numbers");
            return;
        }
        for (int k = 0; k < v.size(); k++) {
            if (!v.get(k).isNumber()) {
                errors.add(path + ".embedding[" + k + "]: Input should be a valid number");
                return;
            }
        }
        JsonNode dim = p.path("embedding_config").get("embedding_dim");
        if (dim != null && dim.canConvertToInt() && dim.asInt() != v.size()) {
            errors.add(path + ".embedding: " + v.size() + " dimensions, but embedding_config.embedding_dim is " + dim.asInt());
        }
    }

    private interface Check {
        void run(JsonNode entity, String path);
    }

    private void eachObject(ObjectNode doc, String section, Check check) {
        JsonNode list = doc.get(section);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isObject()) {
                check.run(list.get(i), section + "[" + i + "]");
            }
        }
    }

    private void references(JsonNode entity, String path, String field, String section, String what) {
        JsonNode list = entity.get(field);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(path + "." + field + ": Input should be a valid list");
            return;
        }
        for (int j = 0; j < list.size(); j++) {
            reference(list.get(j), path + "." + field + "[" + j + "]", section, what);
        }
    }

    private void reference(JsonNode id, String path, String section, String what) {
        if (id == null || id.isNull()) {
            errors.add(path + ": Field required");
        } else if (!id.isTextual() || !section.equals(owner.get(id.asText()))) {
            errors.add(path + ": unknown " + what + " id " + id + " (not in " + section + ")");
        }
    }

    private String string(JsonNode e, String path, String field, boolean required) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(path + "." + field + ": Field required");
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(path + "." + field + ": Input should be a valid string");
            return null;
        }
        return v.asText();
    }

    private void integer(JsonNode e, String path, String field) {
        JsonNode v = e.get(field);
        if (v != null && !v.isNull() && !v.canConvertToInt()) {
            errors.add(path + "." + field + ": Input should be a valid integer");
        }
        if (v != null && v.isIntegralNumber() && v.asInt() < 0) {
            errors.add(path + "." + field + ": Input should be greater than or equal to 0");
        }
    }

    private void object(JsonNode e, String path, String field) {
        JsonNode v = e.get(field);
        if (v != null && !v.isNull() && !v.isObject()) {
            errors.add(path + "." + field + ": Input should be a valid dictionary");
        }
    }
}
