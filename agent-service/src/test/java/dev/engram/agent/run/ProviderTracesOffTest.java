package dev.engram.agent.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code engram.provider-traces.enabled=false}: nothing is written or read (the pool is never touched: there is none). */
class ProviderTracesOffTest {

    private static final ProviderTraceConfig OFF = new ProviderTraceConfig() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Duration retention() {
            return Duration.ofDays(14);
        }
    };

    @Test
    void traces_off_keep_nothing_and_answer_none() {
        ProviderTraces traces = new ProviderTraces(null, OFF);
        assertFalse(traces.enabled());
        traces.record(new ProviderTraces.Origin("org-1", "agent-1", List.of(), "run-1", "user-1"), "step-1",
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), null).await().atMost(Duration.ofSeconds(1));
        assertNull(traces.ofStep("org-1", "step-1").await().atMost(Duration.ofSeconds(1)));
    }
}
