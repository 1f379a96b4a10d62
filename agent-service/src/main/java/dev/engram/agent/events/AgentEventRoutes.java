package dev.engram.agent.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.message.HttpErrors;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import io.quarkus.vertx.web.Route;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code GET /v1/agents/{agent_id}/events}: the agent's change feed as server-sent events, one named event per change
 * ({@code block_updated}, {@code passage_created}, {@code passage_deleted}, {@code run_status}) with the change as JSON,
 * a {@code ready} event first, and a comment every 15 s so that proxies keep the connection. Engram's own route (Letta
 * has no change feed); the organization's agents only.
 */
@ApplicationScoped
public class AgentEventRoutes {

    static final long KEEPALIVE_MS = 15_000;

    private final AgentService agents;
    private final AgentEventBus bus;

    public AgentEventRoutes(AgentService agents, AgentEventBus bus) {
        this.agents = agents;
        this.bus = bus;
    }

    @Route(path = "/v1/agents/:agent_id/events", methods = Route.HttpMethod.GET, order = 1)
    void events(RoutingContext rc) {
        try {
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            String agentId = Ids.require("agent", "agent_id", rc.pathParam("agent_id"));
            agents.require(actor, agentId).subscribe().with(agent -> follow(rc, actor, agent.id), failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException e) {
            HttpErrors.send(rc, e);
        }
    }

    private void follow(RoutingContext rc, Actor actor, String agentId) {
        HttpServerResponse response = rc.response();
        Context context = Vertx.currentContext();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("event: ready\ndata: {\"agent_id\":\"" + agentId + "\"}\n\n");
        Runnable unsubscribe = bus.subscribe(actor.organizationId(), agentId, event -> context.runOnContext(v -> send(response, event)));
        long timer = context.owner().setPeriodic(KEEPALIVE_MS, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            unsubscribe.run();
            context.owner().cancelTimer(timer);
        });
    }

    private static void send(HttpServerResponse response, ObjectNode event) {
        if (response.closed() || response.ended()) {
            return;
        }
        ObjectNode data = event.deepCopy();
        data.remove("organization_id");
        String type = data.path("type").asText();
        response.write("event: " + type + "\ndata: " + data + "\n\n");
    }
}
