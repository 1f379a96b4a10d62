package dev.engram.embedding.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * What went wrong in one remote attempt, read from the exception LangChain4j threw.
 *
 * @param status    the status the API answers with if this is the last attempt (502, 503 or 504)
 * @param retriable whether another attempt may succeed
 * @param reason    a short, human-readable cause (the provider's own message where it sent one)
 */
record RemoteFailure(int status, boolean retriable, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RemoteFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return fromStatus(http.statusCode(), providerMessage(http.getMessage()));
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return new RemoteFailure(504, true, "timed out");
            }
            if (t instanceof UnresolvedModelServerException || t instanceof UnresolvedAddressException) {
                return new RemoteFailure(502, true, "could not resolve the provider's host");
            }
            if (t instanceof IOException io) {
                return new RemoteFailure(502, true, "could not reach the provider: " + describe(io));
            }
        }
        return new RemoteFailure(502, false, "unexpected answer: " + describe(error));
    }

    private static RemoteFailure fromStatus(int code, String message) {
        String reason = "HTTP " + code + (message.isEmpty() ? "" : ": " + message);
        if (code == 429) {
            return new RemoteFailure(503, true, "rate limited, " + reason);
        }
        if (code == 408) {
            return new RemoteFailure(504, true, reason);
        }
        if (code >= 500) {
            return new RemoteFailure(502, true, reason);
        }
        return new RemoteFailure(502, false, reason);
    }

    /** OpenAI-style bodies carry {"error": {"message": ...}}, Ollama's {"error": "..."}; else a trimmed body. */
    private static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return trim(error.asText());
            }
            if (error.path("message").isTextual()) {
                return trim(error.path("message").asText());
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        return trim(body);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : " " + trim(message));
    }

    private static String trim(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
