package dev.engram.agent.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.web.ApiException;

import java.util.Iterator;
import java.util.List;

/** An organization's limits; null = unlimited. */
public record OrgLimits(Long requestsPerMinute, Long burst, Long concurrentRuns, Long monthlySteps, Long monthlyTokens,
                        Long storagePassages) {

    public static final OrgLimits UNLIMITED = new OrgLimits(null, null, null, null, null, null);
    static final List<String> FIELDS = List.of("requests_per_minute", "burst", "concurrent_runs", "monthly_steps", "monthly_tokens",
            "storage_passages");

    public boolean rateLimited() {
        return requestsPerMinute != null;
    }

    /** Whether a run or a step has anything to check. */
    public boolean budgeted() {
        return concurrentRuns != null || monthlySteps != null || monthlyTokens != null;
    }

    /** Requests the bucket holds: the burst, or a minute's worth. */
    public long capacity() {
        return burst != null ? burst : requestsPerMinute;
    }

    /** The limits with the fields {@code body} names replaced (null: unlimited); validated, 422 naming the field. */
    public OrgLimits with(JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            throw ApiException.unprocessable("body: Input should be a valid object");
        }
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.unprocessable(name + ": Extra inputs are not permitted");
            }
        }
        return new OrgLimits(field(o, "requests_per_minute", requestsPerMinute, 1), field(o, "burst", burst, 1),
                field(o, "concurrent_runs", concurrentRuns, 0), field(o, "monthly_steps", monthlySteps, 0),
                field(o, "monthly_tokens", monthlyTokens, 0), field(o, "storage_passages", storagePassages, 0));
    }

    private static Long field(ObjectNode o, String name, Long current, long min) {
        if (!o.has(name)) {
            return current;
        }
        JsonNode n = o.get(name);
        if (n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiException.unprocessable(name + ": Input should be a valid integer or null");
        }
        if (n.asLong() < min) {
            throw ApiException.unprocessable(name + ": Input should be greater than or equal to " + min);
        }
        return n.asLong();
    }
}
