package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads a tool call's arguments; a missing or mistyped one is the model's mistake, reported as Python would. */
public final class Args {

    private final String function;
    private final JsonNode args;

    public Args(String function, JsonNode args) {
        this.function = function;
        this.args = args == null || args.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : args;
    }

    public String string(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            throw new ToolFailure("TypeError", function + "() missing 1 required positional argument: '" + name + "'");
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    public String optionalString(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    public Integer optionalInt(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asInt();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new ToolFailure("TypeError", function + "(): '" + name + "' must be an integer, got '" + v.asText() + "'");
            }
        }
        throw new ToolFailure("TypeError", function + "(): '" + name + "' must be an integer");
    }

    public Boolean optionalBoolean(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new ToolFailure("TypeError", function + "(): '" + name + "' must be a boolean");
    }

    public List<String> optionalStrings(String name) {
        JsonNode v = args.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new ToolFailure("TypeError", function + "(): '" + name + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }
}
