package dev.engram.agent.message;

import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.loop.RunThread;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /v1/agents/{id}/messages} in both modes and the deprecated {@code /messages/stream}. Served as Vert.x
 * routes rather than JAX-RS because one path answers either JSON or Letta's exact SSE framing, decided by the body.
 */
@ApplicationScoped
public class MessageRoutes {

    private final AgentLoop loop;
    private final RunStreams streams;

    public MessageRoutes(AgentLoop loop, RunStreams streams) {
        this.loop = loop;
        this.streams = streams;
    }

    @Route(path = "/v1/agents/:agent_id/messages", methods = Route.HttpMethod.POST, order = 1)
    void send(RoutingContext rc, @Body Buffer body) {
        handle(rc, body, false);
    }

    @Route(path = "/v1/agents/:agent_id/messages/", methods = Route.HttpMethod.POST, order = 1)
    void sendSlash(RoutingContext rc, @Body Buffer body) {
        handle(rc, body, false);
    }

    @Route(path = "/v1/agents/:agent_id/messages/stream", methods = Route.HttpMethod.POST, order = 1)
    void stream(RoutingContext rc, @Body Buffer body) {
        handle(rc, body, true);
    }

    /** The model request the agent's next step would send for this message, in OpenAI's shape; nothing is run or stored. */
    @Route(path = "/v1/agents/:agent_id/messages/preview-raw-payload", methods = Route.HttpMethod.POST, order = 1)
    void preview(RoutingContext rc, @Body Buffer body) {
        try {
            LettaRequest request = parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            String agentId = Ids.require("agent", "agent_id", rc.pathParam("agent_id"));
            dev.engram.agent.auth.Caller.requireAgent(agentId);
            loop.preview(actor, agentId, RunThread.DEFAULT, request).subscribe().with(payload -> rc.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json").end(payload.toString()), failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    private void handle(RoutingContext rc, Buffer body, boolean forceStreaming) {
        try {
            LettaRequest request = parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            String agentId = Ids.require("agent", "agent_id", rc.pathParam("agent_id"));
            send(rc, actor, agentId, RunThread.DEFAULT, request, forceStreaming || Boolean.TRUE.equals(request.streaming()));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    /**
     * Runs the request: JSON when not streaming; else Letta's SSE stream, which for a background run is also stored
     * (every frame with its {@code seq_id}) so that the client may leave and resume it. Used by the conversation routes
     * too.
     */
    public void send(RoutingContext rc, Actor actor, String agentId, RunThread thread, LettaRequest request, boolean streaming) {
        boolean background = Boolean.TRUE.equals(request.background());
        if (!streaming && (Boolean.TRUE.equals(request.streamTokens()) || Boolean.FALSE.equals(request.includePings()) || background)) {
            throw ApiException.unprocessable((background ? "background" : Boolean.TRUE.equals(request.streamTokens()) ? "stream_tokens"
                    : "include_pings") + ": streaming options need streaming=true");
        }
        String key = rc.request().getHeader(Requests.IDEMPOTENCY_KEY);
        if (streaming) {
            stream(rc, actor, agentId, thread, request, key);
        } else {
            loop.prepare(actor, agentId, thread, request, key, false, null).chain(p -> loop.start(p, RunObserver.NONE)).subscribe().with(
                    response -> rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(JsonText.MAPPER.valueToTree(response).toString()),
                    failure -> HttpErrors.send(rc, failure));
        }
    }

    private void stream(RoutingContext rc, Actor actor, String agentId, RunThread thread, LettaRequest request, String key) {
        boolean background = Boolean.TRUE.equals(request.background());
        boolean pings = request.includePings() == null || request.includePings();
        boolean tokens = Boolean.TRUE.equals(request.streamTokens());
        loop.prepare(actor, agentId, thread, request, key, false, null).subscribe().with(prepared -> {
            SseChannel channel;
            StreamObserver observer;
            try {
                channel = new SseChannel(rc.response(), pings);
                observer = prepared.attached() ? null : opened(prepared, channel, background, pings, tokens);
            } catch (RuntimeException e) {
                HttpErrors.afterAbandoning(rc, loop, prepared, e); // never started: its turn is given back
                return;
            }
            if (prepared.attached()) {
                if (prepared.run().background) {
                    streams.follow(prepared.run(), channel, 0, 1000, java.time.Duration.ofMillis(100)); // a retry reads the stored stream
                } else {
                    replay(channel, prepared);
                }
                return;
            }
            loop.start(prepared, observer); // the observer ends the stream when the run ends
        }, failure -> HttpErrors.send(rc, failure));
    }

    /** The stream of a new run, opened: its first frame sent (the run's ping, or a comment when pings are off). */
    private StreamObserver opened(AgentLoop.Prepared prepared, SseChannel channel, boolean background, boolean pings, boolean tokens) {
        String runId = prepared.run().id;
        StreamObserver observer;
        if (background) {
            RunLog log = streams.open(runId, channel);
            channel.onClose(log::detach);
            observer = streams.observer(prepared.run(), log, channel, tokens);
        } else {
            observer = new StreamObserver(channel, tokens);
        }
        channel.keepAlive(runId);
        if (pings) {
            observer.open(runId);
        } else {
            channel.comment();
        }
        return observer;
    }

    /** A retried request attached to its run: the run's result when it ends, framed as the stream would have been. */
    private void replay(SseChannel channel, AgentLoop.Prepared prepared) {
        channel.keepAlive(prepared.run().id);
        if (channel.pings()) {
            channel.data(SseChannel.ping(prepared.run().id, null));
        } else {
            channel.comment();
        }
        loop.start(prepared, RunObserver.NONE).subscribe().with(response -> {
            response.messages().forEach(channel::data);
            StreamObserver.finish(channel, response);
        }, failure -> StreamObserver.fail(channel, prepared.run().id, failure));
    }

    public static LettaRequest parse(Buffer body) throws java.io.IOException {
        if (body == null || body.length() == 0) {
            throw ApiException.unprocessable("body: Field required");
        }
        return JsonText.MAPPER.readValue(body.getBytes(), LettaRequest.class);
    }
}
