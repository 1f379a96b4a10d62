package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.web.ApiException;

import java.util.Map;

/**
 * A structured answer of {@code /generate}, as Letta gets one: the model is offered exactly one tool,
 * {@code structured_output}, whose parameters are the requested schema, and is made to call it; the call's arguments
 * are the answer.
 */
final class StructuredOutput {

    static final String TOOL = "structured_output";
    static final String DESCRIPTION = "Returns a structured response matching the requested schema.";

    private StructuredOutput() {
    }

    /**
     * The tool for a {@code response_schema}: {@code {type: object, properties, required}}, where {@code required} is
     * the schema's own list, or every property when the schema names none (or an empty list). A schema whose
     * {@code properties} or {@code required} have the wrong type is a 422 naming it.
     */
    static ToolSpec tool(Map<String, Object> responseSchema) {
        JsonNode schema = JsonText.MAPPER.valueToTree(responseSchema);
        JsonNode properties = schema.path("properties");
        if (!properties.isMissingNode() && !properties.isNull() && !properties.isObject()) {
            throw ApiException.unprocessable("body.response_schema.properties: Input should be a valid dictionary");
        }
        JsonNode required = schema.path("required");
        if (!required.isMissingNode() && !required.isNull() && !isStringList(required)) {
            throw ApiException.unprocessable("body.response_schema.required: Input should be a valid list of strings");
        }
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode props = properties.isObject() ? ((ObjectNode) properties).deepCopy() : JsonNodeFactory.instance.objectNode();
        parameters.set("properties", props);
        ArrayNode names = parameters.putArray("required");
        if (required.isArray() && !required.isEmpty()) {
            names.addAll((ArrayNode) required);
        } else {
            props.fieldNames().forEachRemaining(names::add);
        }
        return new ToolSpec(TOOL, DESCRIPTION, parameters);
    }

    private static boolean isStringList(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
