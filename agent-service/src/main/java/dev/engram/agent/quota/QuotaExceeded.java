package dev.engram.agent.quota;

import dev.engram.agent.web.ApiException;

import java.util.Map;

/** Over a limit: 429 with {@code Retry-After} (a rate) or 402 (a budget), answered as {@code {"detail": ...}}. */
public final class QuotaExceeded extends ApiException {

    private final Long retryAfterSeconds;

    private QuotaExceeded(int status, String detail, Long retryAfterSeconds) {
        super(status, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429: try again after this many seconds (whole seconds, at least one). */
    public static QuotaExceeded tooMany(String detail, double retryAfter) {
        return new QuotaExceeded(429, detail, retryAfterSeconds(retryAfter));
    }

    /** 402: the budget is used up until it is raised or the month ends. */
    public static QuotaExceeded budget(String detail) {
        return new QuotaExceeded(402, detail, null);
    }

    public static long retryAfterSeconds(double seconds) {
        return Math.max(1, (long) Math.ceil(seconds));
    }

    @Override
    public Map<String, String> headers() {
        return retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", String.valueOf(retryAfterSeconds));
    }
}
