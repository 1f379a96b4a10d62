package dev.engram.agent.provider;

import dev.engram.agent.events.AgentEventBus;
import dev.engram.agent.llm.ByokProvider;
import dev.engram.agent.llm.LlmProviders;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@link LlmProviders} knowing every organization's own providers: loaded at start, again after each change made
 * here, when another replica announces one (an event on the agent event bus, PostgreSQL NOTIFY), and every
 * {@code engram.providers.refresh-interval} in case an announcement was lost. The model handles of a request are
 * resolved against this copy without a database round trip.
 */
@ApplicationScoped
public class ProviderDirectory {

    static final String CHANGED = "providers_changed";
    private static final Logger LOG = Logger.getLogger(ProviderDirectory.class);

    private final Pool pool;
    private final LlmProviders llm;
    private final AgentEventBus bus;
    /** This replica, in its announcements: it has reloaded already when its own comes back. */
    private final String self = java.util.UUID.randomUUID().toString();

    public ProviderDirectory(Pool pool, LlmProviders llm, AgentEventBus bus) {
        this.pool = pool;
        this.llm = llm;
        this.bus = bus;
    }

    void start(@Observes StartupEvent ignored) {
        bus.subscribeAll(event -> {
            if (CHANGED.equals(event.path("type").asText()) && !self.equals(event.path("from").asText())) {
                reload().subscribe().with(v -> { }, e -> LOG.warnf("reloading providers: %s", e.toString()));
            }
        });
        try {
            reload().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("organizations' providers not loaded at start (%s): loaded at the next refresh", e.toString());
        }
    }

    @Scheduled(every = "${engram.providers.refresh-interval:30s}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> LOG.warnf("reloading providers: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** Reads every organization's providers and hands them to {@link LlmProviders}. */
    Uni<Void> reload() {
        return pool.query("SELECT id, organization_id, name, provider_type, api_key, base_url, updated_at FROM agent.providers").execute()
                .invoke(rows -> {
                    List<ByokProvider> all = new ArrayList<>();
                    for (Row r : rows) {
                        all.add(new ByokProvider(r.getString("id"), r.getString("organization_id"), r.getString("name"),
                                r.getString("provider_type"), r.getString("api_key"), r.getString("base_url"),
                                r.getOffsetDateTime("updated_at").toInstant()));
                    }
                    llm.byok(all);
                }).replaceWithVoid();
    }

    /** After a change of the organization's providers: this replica reloads at once, the others when told. */
    Uni<Void> changed(String org) {
        return reload().chain(() -> bus.publish(org, "", CHANGED, dev.engram.agent.json.JsonText.MAPPER.createObjectNode().put("from", self)));
    }
}
