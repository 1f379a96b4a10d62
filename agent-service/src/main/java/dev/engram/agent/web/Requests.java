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

    /** A required field: a 422 naming it when it is absent. */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiException.unprocessable(field + ": Field required");
        }
        return value;
    }

    /** An http(s) URL with a host, or a 422 naming the field. */
    public static String httpUrl(String field, String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw ApiException.unprocessable(field + ": must be an http or https URL");
    }

    /** A page size: {@code fallback} when absent, else between 1 and {@code max} (a 422 naming {@code limit} otherwise). */
    public static int limit(Integer limit, int fallback, int max) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > max) {
            throw ApiException.unprocessable("limit: Input should be between 1 and " + max);
        }
        return limit;
    }

    /** {@code order_by}: null or one of the values the route's contract lists (Letta's literal error otherwise). */
    public static String orderBy(String orderBy, String... allowed) {
        if (orderBy == null) {
            return allowed[0];
        }
        for (String a : allowed) {
            if (a.equals(orderBy)) {
                return orderBy;
            }
        }
        throw ApiException.unprocessable("order_by: Input should be " + String.join(" or ", java.util.Arrays.stream(allowed)
                .map(a -> "'" + a + "'").toList()));
    }

    /** An option accepted by Letta's contract that Engram does not implement yet: refused, never silently ignored. */
    public static void unsupported(String field, boolean set) {
        if (set) {
            throw ApiException.unprocessable(field + ": not supported yet");
        }
    }

    /**
     * An ISO date-time query parameter ({@code 2025-01-29T15:01:19-08:00}; without an offset it is UTC); a bare date
     * stands for the start of that day, or its end when {@code endOfDay}.
     */
    public static java.time.Instant dateTime(String param, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                java.time.LocalDate day = java.time.LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1).atStartOfDay().minusNanos(1000) : day.atStartOfDay()).toInstant(java.time.ZoneOffset.UTC);
            }
            java.time.temporal.TemporalAccessor t = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(value.replace(' ', 'T'),
                    java.time.OffsetDateTime::from, java.time.LocalDateTime::from);
            return t instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : ((java.time.LocalDateTime) t).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.unprocessable(param + ": Input should be a valid datetime, got '" + value + "'");
        }
    }
}
