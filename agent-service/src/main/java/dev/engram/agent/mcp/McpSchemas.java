package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * MCP input schemas made fit for function calling, as Letta does it: every object closed ({@code additionalProperties:
 * false}) unless it says otherwise, {@code $ref}s given an explicit type and then inlined, {@code required} always
 * present. Defaults and other keywords stay (providers that reject them are handled when a request is built).
 */
final class McpSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DEFS_PREFIX = "#/$defs/";
    private static final int MAX_INLINE_DEPTH = 10;

    private McpSchemas() {
    }

    /** The schema with objects closed and references typed (what the tool listing shows as inputSchema). */
    static ObjectNode normalize(JsonNode input) {
        ObjectNode schema = input != null && input.isObject() ? ((ObjectNode) input).deepCopy() : JSON.objectNode();
        JsonNode defs = schema.path("$defs");
        if (defs.isObject()) {
            defs.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    normalizeObject((ObjectNode) e.getValue(), defs);
                }
            });
        }
        normalizeObject(schema, defs);
        return schema;
    }

    /** The parameters a tool row stores: normalized, typed as an object, references inlined, {@code required} present. */
    static ObjectNode parameters(JsonNode input) {
        ObjectNode start = input != null && input.isObject() ? ((ObjectNode) input).deepCopy() : JSON.objectNode();
        if (!start.has("type")) {
            start.put("type", "object");
        }
        if (!start.path("properties").isObject()) {
            start.putObject("properties");
        }
        ObjectNode schema = normalize(start);
        if (!schema.path("required").isArray()) {
            schema.putArray("required");
        }
        JsonNode defs = schema.path("$defs");
        ObjectNode properties = (ObjectNode) schema.get("properties");
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            properties.set(p.getKey(), inline(p.getValue(), defs, 0));
        }
        return schema;
    }

    private static void normalizeObject(ObjectNode node, JsonNode defs) {
        if ("object".equals(node.path("type").asText(null)) && !node.has("additionalProperties")) {
            node.put("additionalProperties", false);
        }
        JsonNode properties = node.path("properties");
        if (properties.isObject()) {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                if (!p.getValue().isObject()) {
                    continue;
                }
                ObjectNode prop = (ObjectNode) p.getValue();
                if (prop.has("$ref")) {
                    typeReference(prop, defs); // the referenced definition is closed where it is defined
                    continue;
                }
                normalizeChild(prop, defs);
                JsonNode items = prop.path("items");
                if ("array".equals(prop.path("type").asText(null)) && items.isObject()) {
                    if (items.has("$ref")) {
                        typeReference((ObjectNode) items, defs);
                    }
                    normalizeChild((ObjectNode) items, defs);
                }
                JsonNode anyOf = prop.path("anyOf");
                if (anyOf.isArray()) {
                    for (JsonNode option : anyOf) {
                        if (option.isObject()) {
                            if (option.has("$ref")) {
                                typeReference((ObjectNode) option, defs);
                            }
                            normalizeChild((ObjectNode) option, defs);
                        }
                    }
                }
            }
        }
        JsonNode items = node.path("items");
        if (items.isObject()) {
            normalizeChild((ObjectNode) items, defs);
        }
    }

    private static void normalizeChild(ObjectNode node, JsonNode defs) {
        if ("object".equals(node.path("type").asText(null))) {
            normalizeObject(node, defs);
        }
    }

    /** A reference gets its definition's type, or object when that cannot be found. */
    private static void typeReference(ObjectNode node, JsonNode defs) {
        if (node.has("type")) {
            return;
        }
        JsonNode target = definition(node.path("$ref").asText(""), defs);
        node.set("type", target != null && target.has("type") ? target.get("type").deepCopy() : JSON.textNode("object"));
    }

    private static JsonNode definition(String ref, JsonNode defs) {
        if (!ref.startsWith(DEFS_PREFIX) || !defs.isObject()) {
            return null;
        }
        return defs.get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** A copy with the {@code $defs} references replaced by their definitions (the node's own keys win). */
    private static JsonNode inline(JsonNode node, JsonNode defs, int depth) {
        if (depth > MAX_INLINE_DEPTH || !node.isObject()) {
            return node;
        }
        ObjectNode out = ((ObjectNode) node).deepCopy();
        if (out.has("$ref")) {
            JsonNode target = definition(out.get("$ref").asText(""), defs);
            if (target != null && target.isObject()) {
                out.remove("$ref");
                target.properties().forEach(e -> {
                    if (!out.has(e.getKey())) {
                        out.set(e.getKey(), e.getValue().deepCopy());
                    }
                });
                return inline(out, defs, depth + 1);
            }
        }
        if (out.path("anyOf").isArray()) {
            ArrayNode options = JSON.arrayNode();
            out.get("anyOf").forEach(o -> options.add(inline(o, defs, depth + 1)));
            out.set("anyOf", distinct(options));
        }
        if (out.path("properties").isObject()) {
            ObjectNode props = (ObjectNode) out.get("properties");
            props.properties().forEach(e -> props.set(e.getKey(), inline(e.getValue(), defs, depth + 1)));
        }
        if (out.has("items")) {
            out.set("items", inline(out.get("items"), defs, depth + 1));
        }
        return out;
    }

    /**
     * The options of an anyOf without repeats: equal options once, and of two options of one type the one with a
     * format (or, both alike, the fuller one).
     */
    private static ArrayNode distinct(ArrayNode options) {
        ArrayNode out = JSON.arrayNode();
        for (JsonNode option : options) {
            boolean repeat = false;
            for (int i = 0; i < out.size() && !repeat; i++) {
                JsonNode kept = out.get(i);
                if (kept.equals(option)) {
                    repeat = true;
                } else if (option.isObject() && kept.isObject() && option.has("type") && option.get("type").equals(kept.get("type"))) {
                    JsonNode format = option.path("format");
                    JsonNode keptFormat = kept.path("format");
                    if (!format.isMissingNode() && keptFormat.isMissingNode()) {
                        out.set(i, option); // the more specific one
                        repeat = true;
                    } else if (format.isMissingNode() && !keptFormat.isMissingNode()) {
                        repeat = true;
                    } else if (format.equals(keptFormat)) {
                        if (option.size() >= kept.size()) {
                            out.set(i, option);
                        }
                        repeat = true;
                    } // two different formats: both stay
                }
            }
            if (!repeat) {
                out.add(option);
            }
        }
        return out;
    }
}
