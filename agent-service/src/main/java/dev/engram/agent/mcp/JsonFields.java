package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.web.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON object of a request body with pydantic's strictness and words: a field of the wrong type or missing
 * is a 422 naming it ({@code body.config.server_url: Field required}).
 */
final class JsonFields {

    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The object at {@code path}; anything else is refused. */
    static JsonFields of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "Input should be a valid dictionary");
        }
        return new JsonFields(node, path);
    }

    JsonFields object(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw invalid(at(name), "Field required");
        }
        return of(value, at(name));
    }

    /** Refuses any field outside {@code allowed} (the contract's additionalProperties: false). */
    JsonFields only(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(at(name), "Extra inputs are not permitted");
            }
        }
        return this;
    }

    boolean has(String name) {
        return node.has(name);
    }

    String required(String name) {
        String value = string(name);
        if (value == null) {
            throw invalid(at(name), node.has(name) ? "Input should be a valid string" : "Field required");
        }
        return value;
    }

    /** The string, or null when absent or null. */
    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(at(name), "Input should be a valid string");
        }
        return value.asText();
    }

    List<String> requiredList(String name) {
        List<String> value = stringList(name);
        if (value == null) {
            throw invalid(at(name), node.has(name) ? "Input should be a valid list" : "Field required");
        }
        return value;
    }

    List<String> stringList(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(at(name), "Input should be a valid list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw invalid(at(name) + "[" + i + "]", "Input should be a valid string");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    Map<String, String> stringMap(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(at(name), "Input should be a valid dictionary");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid(at(name) + "." + e.getKey(), "Input should be a valid string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    String at(String name) {
        return path + "." + name;
    }

    String path() {
        return path;
    }

    static ApiException invalid(String path, String message) {
        return ApiException.unprocessable(path + ": " + message);
    }
}
