package dev.engram.agent.usage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * Writes the usage events that are not part of a step record (those are written with the step, see
 * {@code RunRepository.insertStep}): tool executions, MCP calls and embeddings. Each event id names what it measures,
 * so a tool call run again after a crash (same step, same call id) is one event. A failure to write is logged and does
 * not fail what was measured: the tool has already run.
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final UsageRepository events;
    private final UsageMetrics metrics;
    private final boolean enabled;

    public UsageRecorder(UsageRepository events, UsageMetrics metrics, UsageConfig config) {
        this.events = events;
        this.metrics = metrics;
        this.enabled = config.enabled();
    }

    /**
     * One tool run: {@code mcp} for a tool of an MCP server, else a tool execution (sandbox or built-in), measured in
     * ms. {@code idempotencyKey} is the call's key ({@code tool:<step id>:<call id>} for the loop's calls); null for a
     * direct call without one, which then counts as its own event.
     */
    public Uni<Void> toolExecution(String org, String agentId, String idempotencyKey, String tool, String toolType, boolean mcp,
                                   long millis, boolean ok) {
        Meter meter = mcp ? Meter.MCP_CALL : Meter.TOOL_EXECUTION;
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        // a loop call's key names its step (globally unique); a client's own key is only unique within its agent
        String id = (mcp ? "mcp:" : "") + (stepOf(key) != null ? key : "tool:direct:" + org + ":" + agentId + ":" + key);
        ObjectNode details = JSON.objectNode().put("tool", tool).put("tool_type", toolType).put("ok", ok);
        return record(UsageEvent.of(id, org, agentId, meter, millis, stepOf(key), now(), details));
    }

    /**
     * Embedding tokens spent for this organization: {@code source} names what was embedded (e.g.
     * {@code passage:<id>}), which makes the event id.
     */
    public Uni<Void> embedding(String org, String agentId, String source, String model, long tokens, boolean estimated) {
        return embedding(org, agentId, source, model, tokens, estimated, java.util.Map.of());
    }

    /** As {@link #embedding(String, String, String, String, long, boolean)}, with more to tell in the details (ids it belongs to). */
    public Uni<Void> embedding(String org, String agentId, String source, String model, long tokens, boolean estimated,
                               java.util.Map<String, String> more) {
        ObjectNode details = JSON.objectNode().put("source", source).put("estimated", estimated);
        more.forEach(details::put);
        UsageEvent e = UsageEvent.of("embedding:" + source, org, agentId, Meter.EMBEDDING, tokens, null, now(), details);
        return record(new UsageEvent(e.id(), org, agentId, Meter.EMBEDDING, tokens, tokens, null, null, tokens, provider(model),
                model, false, null, null, e.occurredAt(), details));
    }

    /** Writes an event once; counts it in the metrics when it was new. */
    public Uni<Void> record(UsageEvent e) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return events.insert(e).invoke(inserted -> {
            if (inserted) {
                metrics.recorded(e);
            }
        }).onFailure().invoke(x -> LOG.warnf("usage event %s not written: %s", e.id(), x.toString()))
                .onFailure().recoverWithItem(false).replaceWithVoid();
    }

    /** The step of a loop call's key {@code tool:<step id>:<call id>}; null for other keys. */
    static String stepOf(String key) {
        if (!key.startsWith("tool:step-")) {
            return null;
        }
        int end = key.indexOf(':', "tool:".length());
        return end < 0 ? null : key.substring("tool:".length(), end);
    }

    private static String provider(String model) {
        int slash = model == null ? -1 : model.indexOf('/');
        return slash < 0 ? null : model.substring(0, slash);
    }
}
