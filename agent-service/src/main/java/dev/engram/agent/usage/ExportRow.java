package dev.engram.agent.usage;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One row of the billing export: one customer (organization), meter and hour. {@code identifier} is the SHA-256 of
 * {@code organization_id|meter|hour}, so exporting the same closed hour again gives the same identifier and a billing
 * system that deduplicates by it (Stripe Billing Meters' {@code identifier}) counts it once. {@code value} is the
 * meter's quantity in {@code unit}; {@code timestamp} is the hour's start in epoch seconds.
 */
// native image: written line by line with an ObjectMapper (JSONL export)
@RegisterForReflection
public record ExportRow(String identifier, String organizationId, String meter, String unit, Instant hour, long timestamp, long value,
                        long events, long promptTokens, long completionTokens, long cachedTokens, long totalTokens) {

    static final String CSV_HEADER = "identifier,organization_id,meter,unit,hour,timestamp,value,events,prompt_tokens,"
            + "completion_tokens,cached_tokens,total_tokens";

    static ExportRow of(UsageRepository.Hourly h) {
        UsageRepository.Sum s = h.sum();
        return new ExportRow(identifier(h.organizationId(), h.meter(), h.hour()), h.organizationId(), h.meter(), s.unit(), h.hour(),
                h.hour().getEpochSecond(), s.quantity(), s.events(), s.promptTokens(), s.completionTokens(), s.cachedTokens(),
                s.totalTokens());
    }

    static String identifier(String org, String meter, Instant hour) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((org + "|" + meter + "|" + hour).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row as CSV: ids and meters are [A-Za-z0-9_:-] only, so no field needs quoting. */
    String csv() {
        return String.join(",", identifier, organizationId, meter, unit, hour.toString(), Long.toString(timestamp), Long.toString(value),
                Long.toString(events), Long.toString(promptTokens), Long.toString(completionTokens), Long.toString(cachedTokens),
                Long.toString(totalTokens));
    }
}
