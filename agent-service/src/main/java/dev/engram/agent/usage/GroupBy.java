package dev.engram.agent.usage;

import dev.engram.agent.web.ApiException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How {@code GET /v1/usage} groups its sums (always by meter too); each is a fixed SQL expression. */
public enum GroupBy {
    AGENT("agent", "agent_id"),
    MODEL("model", "model"),
    DAY("day", "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
    METER("meter", null);

    public final String wire;
    final String column;

    GroupBy(String wire, String column) {
        this.wire = wire;
        this.column = column;
    }

    /** The grouping named by the query (meter when absent); 422 naming the field otherwise. */
    public static GroupBy parse(String value) {
        if (value == null || value.isBlank()) {
            return METER;
        }
        return Arrays.stream(values()).filter(g -> g.wire.equals(value)).findFirst().orElseThrow(() -> ApiException.unprocessable(
                "group_by: Input should be " + Arrays.stream(values()).map(g -> "'" + g.wire + "'").collect(Collectors.joining(", "))));
    }
}
