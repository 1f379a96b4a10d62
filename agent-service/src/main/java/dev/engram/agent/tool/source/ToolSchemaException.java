package dev.engram.agent.tool.source;

/**
 * A tool's source (or its {@code args_json_schema}) cannot become a function schema. The message is Letta's text for
 * the same failure, as its schema endpoint ({@code POST /v1/tools/generate-schema}) answers it with 400.
 */
public class ToolSchemaException extends RuntimeException {

    private final boolean fromDocstring;

    ToolSchemaException(String message, boolean fromDocstring) {
        super(message, null, false, false);
        this.fromDocstring = fromDocstring;
    }

    /**
     * The {@code detail} of Letta's 400 when creating or upserting a tool ({@code POST}/{@code PUT /v1/tools}): a
     * schema read from the docstring fails with one more prefix there; one built from {@code args_json_schema} does not.
     */
    public String createDetail() {
        return fromDocstring ? "Failed to derive json schema: " + getMessage() : getMessage();
    }
}
