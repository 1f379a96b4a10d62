package dev.engram.agent.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The per-agent change feed's transport. Every event goes out as a PostgreSQL {@code NOTIFY} on one channel, and
 * every replica {@code LISTEN}s on it and hands each event to its own subscribers of that organization and agent:
 * a feed opened on one replica sees what another replica changed. While the listening connection is down, events
 * are handed to this replica's subscribers directly (the other replicas miss them until it is back).
 */
@Singleton
public class AgentEventBus {

    static final String CHANNEL = "engram_agent_events";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more: a larger event travels without its values. */
    static final int MAX_PAYLOAD = 7900;
    private static final Logger LOG = Logger.getLogger(AgentEventBus.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Set<Consumer<ObjectNode>>> subscribers = new ConcurrentHashMap<>();
    private final Set<Consumer<ObjectNode>> everyEvent = new CopyOnWriteArraySet<>();
    private volatile PgSubscriber listener;
    private volatile boolean listening;

    public AgentEventBus(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        PgConnectOptions options = connectOptions();
        if (options == null) {
            LOG.warn("no reactive datasource URL: the agent change feed reaches this replica's subscribers only");
            return;
        }
        PgSubscriber s = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        s.channel(CHANNEL).handler(this::received).subscribeHandler(v -> listening = true);
        s.closeHandler(v -> listening = false);
        s.connect().onSuccess(v -> listening = true)
                .onFailure(e -> LOG.warnf("could not LISTEN for agent events (%s): this replica's subscribers only", e.getMessage()));
        listener = s;
    }

    void stop(@Observes ShutdownEvent ignored) {
        PgSubscriber s = listener;
        if (s != null) {
            s.close();
        }
    }

    /** Publishes one event of the organization's agent; never fails the caller (a lost event is logged). */
    public io.smallrye.mutiny.Uni<Void> publish(String organizationId, String agentId, String type, ObjectNode data) {
        ObjectNode event = JsonText.MAPPER.createObjectNode();
        event.put("type", type);
        event.put("organization_id", organizationId);
        event.put("agent_id", agentId);
        event.put("at", java.time.Instant.now().toString());
        event.setAll(data);
        String payload = event.toString();
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            payload = withoutValues(event).toString();
        }
        if (!listening) {
            deliver(event);
            return io.smallrye.mutiny.Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("agent event %s of %s not sent: %s", type, agentId, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Hands the agent's events to {@code subscriber} until the answer's {@code run()} is called. */
    public Runnable subscribe(String organizationId, String agentId, Consumer<ObjectNode> subscriber) {
        String key = key(organizationId, agentId);
        subscribers.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(subscriber);
        return () -> subscribers.computeIfPresent(key, (k, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /** Hands every event, of every organization and agent, to {@code subscriber} (for as long as the service runs). */
    public void subscribeAll(Consumer<ObjectNode> subscriber) {
        everyEvent.add(subscriber);
    }

    private void received(String payload) {
        try {
            JsonNode tree = JsonText.MAPPER.readTree(payload);
            if (tree instanceof ObjectNode event) {
                deliver(event);
            }
        } catch (Exception e) {
            LOG.warnf("unreadable agent event: %s", e.getMessage());
        }
    }

    private void deliver(ObjectNode event) {
        everyEvent.forEach(s -> s.accept(event));
        Set<Consumer<ObjectNode>> set = subscribers.get(key(event.path("organization_id").asText(), event.path("agent_id").asText()));
        if (set != null) {
            set.forEach(s -> s.accept(event));
        }
    }

    /** The event without block values and passage texts; {@code truncated: true} tells the client to read them. */
    static ObjectNode withoutValues(ObjectNode event) {
        ObjectNode copy = event.deepCopy();
        if (copy.get("block") instanceof ObjectNode b) {
            b.remove("value");
        }
        if (copy.get("passage") instanceof ObjectNode p) {
            p.remove("text");
        }
        copy.put("truncated", true);
        return copy;
    }

    private static String key(String organizationId, String agentId) {
        return organizationId + "/" + agentId;
    }

    private static PgConnectOptions connectOptions() {
        var config = ConfigProvider.getConfig();
        String url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class).orElse(null);
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }
}
