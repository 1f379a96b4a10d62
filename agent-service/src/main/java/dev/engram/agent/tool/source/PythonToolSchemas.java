package dev.engram.agent.tool.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Function schemas for Python custom tools, by Letta's rules: the last top-level {@code def} is the tool; its name,
 * its Google-style docstring (summary, long description, {@code Args:}, {@code Examples:}) and its annotated parameters
 * give {@code {name, description, parameters}}. The source is only parsed, never run: a Python program
 * ({@code tool_schema.py}, standard library only) reads its syntax tree in a separate, isolated interpreter.
 *
 * <p>Each call starts that interpreter and blocks until it answers (or the timeout kills it): call it off the event
 * loop.
 */
@ApplicationScoped
public class PythonToolSchemas {

    private final PythonScript script;
    private final ObjectMapper json;

    public PythonToolSchemas(PythonConfig config, ObjectMapper json) {
        this.script = new PythonScript(config.python(), config.parseTimeout(), "tool_schema.py", json);
        this.json = json;
    }

    /** The schema read from the source's docstring and annotations. */
    public ObjectNode generate(String sourceCode) {
        return parse(sourceCode, null).jsonSchema();
    }

    /**
     * With {@code argsJsonSchema}, only the name and description come from the source (a docstring is optional
     * then); the parameters are rebuilt from that JSON schema as Letta does. Without it, as {@link #generate(String)}.
     */
    public ObjectNode generate(String sourceCode, JsonNode argsJsonSchema) {
        return parse(sourceCode, argsJsonSchema).jsonSchema();
    }

    /** The schema and whether the tool function takes {@code agent_state}. */
    public ParsedTool parse(String sourceCode, JsonNode argsJsonSchema) {
        ObjectNode request = json.createObjectNode().put("op", "schema").put("source", sourceCode);
        if (argsJsonSchema != null && !argsJsonSchema.isNull()) {
            if (!argsJsonSchema.isObject()) {
                throw new ToolSchemaException("args_json_schema must be a JSON object", false);
            }
            request.set("args_json_schema", argsJsonSchema);
        }
        JsonNode answer = script.run(request);
        failIfRejected(answer, "docstring".equals(answer.path("stage").asText()));
        return new ParsedTool((ObjectNode) answer.get("schema"), answer.path("takes_agent_state").asBoolean());
    }

    /** The parameters and kind of the function called {@code functionName}, wherever it is defined in the source. */
    public ToolSignature signature(String sourceCode, String functionName) {
        JsonNode answer = script.run(json.createObjectNode().put("op", "signature").put("source", sourceCode)
                .put("name", functionName));
        failIfRejected(answer, false);
        List<String> arguments = new ArrayList<>();
        answer.path("arguments").forEach(argument -> arguments.add(argument.asText()));
        return new ToolSignature(arguments, answer.path("is_async").asBoolean());
    }

    private static void failIfRejected(JsonNode answer, boolean fromDocstring) {
        if (answer.hasNonNull("error")) {
            throw new ToolSchemaException(answer.get("error").asText(), fromDocstring);
        }
    }
}
