package dev.engram.agent.tool;

/**
 * A tool failed in a way the model should see and can react to. {@code errorType} mirrors the exception names the
 * model knows from Letta's tools ({@code ValueError}, {@code KeyError}, {@code TypeError}).
 */
public class ToolFailure extends RuntimeException {

    private final String errorType;
    private final ToolOutput printed;

    public ToolFailure(String errorType, String message) {
        this(errorType, message, null);
    }

    /** A failure of a tool that printed something first (a sandboxed tool's stdout and stderr). */
    public ToolFailure(String errorType, String message, ToolOutput printed) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.printed = printed;
    }

    public static ToolFailure valueError(String message) {
        return new ToolFailure("ValueError", message);
    }

    public String errorType() {
        return errorType;
    }

    /** What the tool printed before it failed, or null. */
    public ToolOutput printed() {
        return printed;
    }

    /** How the failure reads to the model: {@code Error executing function f: ValueError: ...}, at most 1000 characters. */
    public String describe(String function) {
        String text = "Error executing function " + function + ": " + errorType + ": " + getMessage();
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
