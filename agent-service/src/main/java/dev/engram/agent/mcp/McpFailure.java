package dev.engram.agent.mcp;

/**
 * An MCP server could not be used: it was not reachable ({@link Kind#UNREACHABLE}, 502 on the REST routes) or did not
 * answer in time ({@link Kind#TIMEOUT}, 408). In an agent's step either is an error tool return.
 */
public class McpFailure extends RuntimeException {

    public enum Kind { UNREACHABLE, TIMEOUT }

    private final Kind kind;

    McpFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The error type the model sees, as Letta names its MCP errors. */
    String errorType() {
        return kind == Kind.TIMEOUT ? "LettaMCPTimeoutError" : "LettaMCPConnectionError";
    }

    public int httpStatus() {
        return kind == Kind.TIMEOUT ? 408 : 502;
    }
}
