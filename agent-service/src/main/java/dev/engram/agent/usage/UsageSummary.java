package dev.engram.agent.usage;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/usage}: the organization's totals per meter over [start, end), and the same sums by group. */
public record UsageSummary(String organizationId, Instant start, Instant end, String groupBy, List<UsageLine> totals,
                           List<UsageLine> groups) {
}
