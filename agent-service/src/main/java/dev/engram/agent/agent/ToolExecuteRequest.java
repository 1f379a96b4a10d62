package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.web.ApiException;

import java.util.Iterator;

/**
 * Letta's ToolExecuteRequest, {@code {"args": {...}}}, default {@code {"args": {}}}. The contract allows no other
 * field, so a misspelt {@code arg} is a 422 rather than a call without arguments. Whether {@code args} suits the tool
 * (an object, with the arguments it needs) is the tool's to say, as it is when the model calls it.
 *
 * @param args the arguments as given: usually an object, but anything else is passed on for the tool to refuse
 */
public record ToolExecuteRequest(JsonNode args) {

    /** Reads the body; absent, {@code null} or without {@code args}, it runs the tool with no arguments. */
    public static ToolExecuteRequest of(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new ToolExecuteRequest(JsonNodeFactory.instance.objectNode());
        }
        if (!body.isObject()) {
            throw ApiException.unprocessable("body: Input should be a valid dictionary");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("args")) {
                throw ApiException.unprocessable("body." + name + ": Extra inputs are not permitted");
            }
        }
        JsonNode args = body.get("args");
        return new ToolExecuteRequest(args == null || args.isNull() ? JsonNodeFactory.instance.objectNode() : args);
    }
}
