package dev.engram.agent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.llm.LlmException.Kind;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Turns whatever a LangChain4j model or the HTTP layer threw into an {@link LlmException} of the right kind. */
final class LlmErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTEXT_OVERFLOW = List.of("context_length_exceeded", "maximum context length",
            "prompt is too long", "context window", "context_window_exceeded");
    private static final int MAX_DETAIL = 500;

    private LlmErrors() {
    }

    static LlmException map(String provider, Throwable error) {
        if (error instanceof LlmException known) {
            return known;
        }
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            return fromStatus(provider, http.statusCode(), detail(http.getMessage()), error);
        }
        if (find(error, HttpConnectTimeoutException.class) != null) {
            return new LlmException(Kind.UNAVAILABLE, provider + " could not be reached: " + rootMessage(error), error, true);
        }
        if (isTimeout(error)) {
            return new LlmException(Kind.TIMEOUT, provider + " did not answer in time: " + rootMessage(error), error, false);
        }
        if (find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null
                || find(error, UnresolvedAddressException.class) != null
                || find(error, UnresolvedModelServerException.class) != null) {
            return new LlmException(Kind.UNAVAILABLE, provider + " could not be reached: " + rootMessage(error), error, true);
        }
        if (find(error, JsonProcessingException.class) != null) {
            return new LlmException(Kind.INVALID_RESPONSE,
                    provider + " sent a response that could not be read: " + rootMessage(error), error, false);
        }
        if (error instanceof InternalServerException) {
            // not from an HTTP status (handled above): LangChain4j's own verdict on a response without choices
            return new LlmException(Kind.EMPTY_RESPONSE, provider + " returned an empty response: " + error.getMessage(),
                    error, false);
        }
        if (find(error, UnsupportedFeatureException.class) != null || find(error, IllegalArgumentException.class) != null) {
            return new LlmException(Kind.BAD_REQUEST, provider + " cannot take this request: " + rootMessage(error), error, false);
        }
        if (find(error, IOException.class) != null) {
            return new LlmException(Kind.UNAVAILABLE, provider + " connection failed: " + rootMessage(error), error, true);
        }
        return new LlmException(Kind.UNAVAILABLE, provider + " call failed: " + rootMessage(error), error, false);
    }

    static LlmException fromStatus(String provider, int status, String detail, Throwable cause) {
        String what = provider + " answered HTTP " + status + ": " + detail;
        if (status == 401 || status == 403) {
            return new LlmException(Kind.AUTHENTICATION, what, cause, false);
        }
        if (status == 429) {
            return new LlmException(Kind.RATE_LIMIT, what, cause, true);
        }
        if (status == 408 || status == 504) {
            return new LlmException(Kind.TIMEOUT, what, cause, false);
        }
        if (status >= 500) {
            return new LlmException(Kind.UNAVAILABLE, what, cause, true);
        }
        String lower = detail.toLowerCase(Locale.ROOT);
        if (CONTEXT_OVERFLOW.stream().anyMatch(lower::contains)) {
            return new LlmException(Kind.CONTEXT_WINDOW_EXCEEDED, what, cause, false);
        }
        return new LlmException(Kind.BAD_REQUEST, what, cause, false);
    }

    static LlmException timeout(String provider, Duration after) {
        return new LlmException(Kind.TIMEOUT, provider + " did not answer within " + after.toMillis() + " ms", null, false);
    }

    /** The provider's own message out of an error body ({@code {"error":{"message":...}}} and its variants). */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node.path("error");
            String code = error.path("code").asText("");
            String message = error.isTextual() ? error.asText()
                    : error.path("message").asText(node.path("message").asText(null));
            if (message != null) {
                // OpenAI-style bodies name the cause in "code" (e.g. context_length_exceeded)
                return clip(code.isEmpty() || message.contains(code) ? message : message + " (" + code + ")");
            }
        } catch (IOException notJson) {
            // a plain-text or HTML error page: report it as it is
        }
        return clip(body.strip());
    }

    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // LangChain4j's, the JDK's and Vert.x's timeout exceptions share no common type but their name
            if (t instanceof java.util.concurrent.TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : clip(message);
    }

    private static String clip(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
