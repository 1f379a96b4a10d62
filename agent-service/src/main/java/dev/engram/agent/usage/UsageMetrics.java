package dev.engram.agent.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus counters per organisation ({@code /q/metrics}), bumped when a usage event is first written:
 * {@code engram_usage_steps_total}, {@code engram_usage_tokens_total{kind=prompt|completion|cached}},
 * {@code engram_usage_tool_executions_total{meter=tool_execution|mcp_call}} and {@code engram_usage_tool_ms_total},
 * {@code engram_usage_embedding_tokens_total}. They are for watching, not billing: billing reads the events.
 */
@ApplicationScoped
public class UsageMetrics {

    private static final String ORG = "organization_id";

    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void step(String org, long promptTokens, long completionTokens, Integer cachedTokens) {
        counter("engram.usage.steps", org).increment();
        tokens(org, "prompt", promptTokens);
        tokens(org, "completion", completionTokens);
        if (cachedTokens != null) {
            tokens(org, "cached", cachedTokens);
        }
    }

    public void recorded(UsageEvent e) {
        switch (e.meter()) {
            case TOOL_EXECUTION, MCP_CALL -> {
                Counter.builder("engram.usage.tool.executions").tag(ORG, e.organizationId()).tag("meter", e.meter().wire)
                        .register(registry).increment();
                Counter.builder("engram.usage.tool.ms").tag(ORG, e.organizationId()).tag("meter", e.meter().wire)
                        .register(registry).increment(e.quantity());
            }
            case EMBEDDING -> counter("engram.usage.embedding.tokens", e.organizationId()).increment(e.quantity());
            default -> { }
        }
    }

    private void tokens(String org, String kind, long n) {
        Counter.builder("engram.usage.tokens").tag(ORG, org).tag("kind", kind).register(registry).increment(n);
    }

    private Counter counter(String name, String org) {
        return Counter.builder(name).tag(ORG, org).register(registry);
    }
}
