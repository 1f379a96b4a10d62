package dev.engram.memory.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Dates as the memory tools take and show them: in the agent's timezone, ISO-8601. */
public final class Times {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Times() {
    }

    /** The agent's timezone (IANA name); UTC when unset. */
    public static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone);
        } catch (Exception e) {
            throw ApiException.badRequest("Unknown timezone: " + timezone);
        }
    }

    /**
     * An inclusive bound from an ISO date or date-time. A date alone is the start (or, for an end bound, the last
     * instant) of that day; a date-time without offset is read in the agent's timezone.
     */
    public static Instant bound(String value, String field, ZoneId zone, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.atTime(LocalTime.MAX) : day.atStartOfDay()).atZone(zone).toInstant();
            }
            String t = v.replace(' ', 'T').replace("Z", "+00:00");
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Invalid " + field + " format: " + value + ". Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
        }
    }

    /** Python's {@code datetime.isoformat()} of the instant in the zone: microseconds only when there are any. */
    public static String isoformat(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        return (t.getNano() / 1000 == 0 ? SECONDS : MICROS).format(t);
    }
}
