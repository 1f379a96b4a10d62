package dev.engram.agent.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Each step's provider trace: the request it sent its model (OpenAI's chat-completions shape) and the answer or the
 * error that came back, one per step (a retry after compaction replaces the first attempt's). Written beside the step,
 * never holding it up and never failing it; kept for the configured retention, then pruned.
 */
@ApplicationScoped
public class ProviderTraces {

    private static final Logger LOG = Logger.getLogger(ProviderTraces.class);

    /** Who made the call: the step's organization, agent (and its tags), run, and the user it acts for. */
    public record Origin(String organizationId, String agentId, java.util.List<String> agentTags, String runId, String actorId) {
    }

    private final Pool pool;
    private final ProviderTraceConfig config;

    public ProviderTraces(Pool pool, ProviderTraceConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Stores the step's trace; a failure to store it is logged, not passed on. */
    public Uni<Void> record(Origin origin, String stepId, JsonNode request, JsonNode response, JsonNode llmConfig) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        INSERT INTO agent.provider_traces (id, organization_id, step_id, agent_id, agent_tags, run_id, actor_id, call_type,
                                                           request_json, response_json, llm_config, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, 'agent_step', $8, $9, $10, $11)
                        ON CONFLICT (step_id) DO UPDATE SET request_json = EXCLUDED.request_json, response_json = EXCLUDED.response_json,
                                                            created_at = EXCLUDED.created_at""")
                .execute(Tuple.from(new Object[] {"provider_trace-" + UUID.randomUUID(), origin.organizationId(), stepId, origin.agentId(),
                        origin.agentTags() == null ? new String[0] : origin.agentTags().toArray(new String[0]), origin.runId(),
                        origin.actorId(), request.toString(), response.toString(), llmConfig == null ? null : llmConfig.toString(),
                        Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC)}))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("provider trace of %s not stored: %s", stepId, e.toString()))
                .onFailure().recoverWithNull();
    }

    /** The step's trace in Letta's ProviderTrace shape, or null when none was kept (or traces are off). */
    public Uni<ObjectNode> ofStep(String org, String stepId) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("SELECT * FROM agent.provider_traces WHERE organization_id = $1 AND step_id = $2")
                .execute(Tuple.of(org, stepId))
                .map(rows -> rows.iterator().hasNext() ? view(rows.iterator().next()) : null);
    }

    private static ObjectNode view(Row r) {
        ObjectNode out = JsonText.MAPPER.createObjectNode();
        out.put("id", r.getString("id"));
        out.set("request_json", json(r.getString("request_json")));
        out.set("response_json", json(r.getString("response_json")));
        out.put("step_id", r.getString("step_id"));
        out.put("agent_id", r.getString("agent_id"));
        var tags = out.putArray("agent_tags");
        for (String t : r.getArrayOfStrings("agent_tags")) {
            tags.add(t);
        }
        out.put("call_type", r.getString("call_type"));
        out.put("run_id", r.getString("run_id"));
        out.put("source", "engram");
        out.put("org_id", r.getString("organization_id"));
        out.putNull("compaction_settings");
        out.set("llm_config", r.getString("llm_config") == null ? null : json(r.getString("llm_config")));
        out.putNull("billing_context");
        out.put("created_by_id", r.getString("actor_id"));
        out.putNull("last_updated_by_id");
        String created = r.getOffsetDateTime("created_at").toInstant().toString();
        out.put("created_at", created);
        out.put("updated_at", created);
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return JsonText.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored provider trace is not JSON", e);
        }
    }

    /** Traces past the retention go. */
    @Scheduled(every = "${engram.provider-traces.prune-interval:1h}", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pruneBefore(Instant.now().minus(config.retention()))
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("pruned %d provider traces older than %s", n, config.retention());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("pruning provider traces: %s", e.toString())).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    Uni<Integer> pruneBefore(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM agent.provider_traces WHERE created_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }
}
