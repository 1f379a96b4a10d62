package dev.engram.agent.usage;

import dev.engram.agent.web.ApiException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A time range [start, end) of the usage API: each end an ISO-8601 instant ({@code 2026-01-01T10:00:00Z}) or a UTC
 * date ({@code 2026-01-01}, its midnight). Defaults: end now, start 30 days before end.
 */
public record UsageRange(Instant start, Instant end) {

    static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    public static UsageRange parse(String start, String end, Instant now) {
        Instant e = end == null || end.isBlank() ? now : time("end", end);
        Instant s = start == null || start.isBlank() ? e.minus(DEFAULT_SPAN) : time("start", start);
        if (!s.isBefore(e)) {
            throw ApiException.unprocessable("start: must be before end");
        }
        return new UsageRange(s, e);
    }

    private static Instant time(String field, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable(field + ": Input should be an ISO-8601 date or date-time, got '" + value + "'");
        }
    }
}
