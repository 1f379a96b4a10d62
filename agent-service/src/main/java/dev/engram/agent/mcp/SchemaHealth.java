package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Letta's MCPToolHealth: whether a tool's input schema suits OpenAI's strict function calling
 * ({@code STRICT_COMPLIANT}), only its non-strict mode ({@code NON_STRICT_ONLY}), or neither ({@code INVALID}), with
 * the reasons. Tools whose schema is INVALID are not saved when a server's tools are synced.
 */
record SchemaHealth(String status, List<String> reasons) {

    static final String STRICT = "STRICT_COMPLIANT";
    static final String NON_STRICT = "NON_STRICT_ONLY";
    static final String INVALID = "INVALID";
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "null", "array", "object");

    boolean invalid() {
        return INVALID.equals(status);
    }

    static SchemaHealth of(JsonNode schema) {
        Check check = new Check();
        if (schema == null || !schema.isObject()) {
            return new SchemaHealth(INVALID, List.of("Top-level schema must be a dict"));
        }
        if (!"object".equals(schema.path("type").asText(null))) {
            check.invalid("Top-level schema 'type' must be 'object' for OpenAI tools");
        }
        check.node(schema, "root");
        return new SchemaHealth(check.status, List.copyOf(check.reasons));
    }

    private static final class Check {

        String status = STRICT;
        final List<String> reasons = new ArrayList<>();

        void invalid(String reason) {
            status = INVALID;
            reasons.add(reason);
        }

        void loose(String reason) {
            if (STRICT.equals(status)) {
                status = NON_STRICT;
            }
            reasons.add(reason);
        }

        void node(JsonNode node, String path) {
            JsonNode typeNode = node.get("type");
            String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
            if (typeNode == null) {
                if (node.has("properties") || node.has("additionalProperties")) {
                    type = "object";
                } else if (node.has("items")) {
                    type = "array";
                } else if (!node.has("anyOf") && !node.has("oneOf") && !node.has("allOf")) {
                    invalid(path + ": Missing 'type'");
                    return;
                }
            }
            if ("object".equals(type)) {
                object(node, path);
            } else if ("array".equals(type)) {
                JsonNode items = node.get("items");
                if (items == null) {
                    invalid(path + ": 'items' must be defined for arrays in strict mode");
                } else if (!items.isObject()) {
                    invalid(path + ": 'items' must be a schema dict for arrays");
                } else {
                    node(items, path + ".items");
                }
            } else if (typeNode != null && typeNode.isArray()) {
                for (JsonNode t : typeNode) {
                    if (!TYPES.contains(t.asText())) {
                        invalid(path + ": Invalid type '" + t.asText() + "' in type array");
                    }
                }
            }
            for (String keyword : List.of("anyOf", "oneOf", "allOf")) {
                JsonNode options = node.get(keyword);
                if (options == null) {
                    continue;
                }
                if (!options.isArray()) {
                    invalid(path + ": '" + keyword + "' must be a list");
                    continue;
                }
                for (int i = 0; i < options.size(); i++) {
                    if (options.get(i).isObject()) {
                        node(options.get(i), path + "." + keyword + "[" + i + "]");
                    } else {
                        invalid(path + "." + keyword + "[" + i + "]: Not a valid schema dict");
                    }
                }
            }
        }

        private void object(JsonNode node, String path) {
            JsonNode props = node.get("properties");
            if (props != null && !props.isObject()) {
                invalid(path + ": 'properties' must be a dict for objects");
                return;
            }
            JsonNode additional = node.get("additionalProperties");
            if (additional == null) {
                loose(path + ": 'additionalProperties' not explicitly set");
            } else if (!(additional.isBoolean() && !additional.asBoolean())) {
                loose(path + ": 'additionalProperties' is not false (free-form object)");
            }
            JsonNode required = node.get("required");
            if (required != null && !required.isArray()) {
                invalid(path + ": 'required' must be a list if present");
            } else if (required != null && props != null) {
                for (JsonNode key : required) {
                    JsonNode prop = props.get(key.asText());
                    if (prop == null) {
                        invalid(path + ": required contains '" + key.asText() + "' not found in properties");
                    } else if (prop.isObject() && allowsEmptyObject(prop)) {
                        invalid(path + ": required property '" + key.asText() + "' allows empty object (OpenAI will reject)");
                    } else if (prop.isObject() && allowsEmptyArray(prop)) {
                        invalid(path + ": required property '" + key.asText() + "' allows empty array (OpenAI will reject)");
                    }
                }
            }
            if (props != null) {
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    if (p.getValue().isObject()) {
                        node(p.getValue(), path + ".properties." + p.getKey());
                    } else {
                        invalid(path + ".properties." + p.getKey() + ": Not a valid schema dict");
                    }
                }
            }
        }

        private static boolean allowsEmptyObject(JsonNode schema) {
            return "object".equals(schema.path("type").asText(null)) && schema.path("required").isEmpty()
                    && schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
        }

        private static boolean allowsEmptyArray(JsonNode schema) {
            return "array".equals(schema.path("type").asText(null)) && schema.path("minItems").asInt(0) <= 0 && !schema.has("items");
        }
    }
}
