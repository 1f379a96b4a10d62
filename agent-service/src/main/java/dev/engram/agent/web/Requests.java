package dev.engram.agent.web;

import jakarta.ws.rs.core.HttpHeaders;

import java.util.UUID;
import java.util.regex.Pattern;

/** Small helpers for request parameters. */
public final class Requests {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Requests() {
    }

    /**
     * The key that makes a mutating call safe to retry downstream: the client's own {@code Idempotency-Key} (the Letta
     * clients send one on retries) or a fresh one for this request.
     */
    public static String idempotencyKey(HttpHeaders headers) {
        String key = headers.getHeaderString(IDEMPOTENCY_KEY);
        return key == null || key.isBlank() ? "engram-" + UUID.randomUUID() : key;
    }

    /** A query parameter that must match a pattern and length, as Letta declares it; null passes. */
    public static String check(String param, String value, Pattern pattern, int min, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() < min || value.length() > max) {
            throw ApiException.unprocessable(param + ": String should have between " + min + " and " + max + " characters");
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw ApiException.unprocessable(param + ": String should match pattern '" + pattern.pattern() + "'");
        }
        return value;
    }

    public static String order(String order) {
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.unprocessable("order: Input should be 'asc' or 'desc'");
        }
        return order;
    }
}
