package dev.engram.agent.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One meter's sums in {@code GET /v1/usage}, within a group when grouped ({@code agent_id}, {@code model} or
 * {@code day} set; the others are left out). {@code quantity} is in {@code unit}; the token fields sum the token
 * meters only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageLine(String agentId, String model, String day, String meter, String unit, long events, long quantity,
                        long promptTokens, long completionTokens, long cachedTokens, long totalTokens) {

    static UsageLine of(GroupBy groupBy, UsageRepository.Sum s) {
        return new UsageLine(groupBy == GroupBy.AGENT ? s.key() : null, groupBy == GroupBy.MODEL ? s.key() : null,
                groupBy == GroupBy.DAY ? s.key() : null, s.meter(), s.unit(), s.events(), s.quantity(), s.promptTokens(),
                s.completionTokens(), s.cachedTokens(), s.totalTokens());
    }
}
