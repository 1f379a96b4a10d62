package dev.engram.agent.tool.source;

/**
 * The Python parser gave no answer: the interpreter is missing, crashed, or ran past its timeout. Not the tool's
 * fault, so callers answer 503 rather than 400.
 */
public class PythonParserException extends RuntimeException {

    PythonParserException(String message, Throwable cause) {
        super(message, cause);
    }
}
