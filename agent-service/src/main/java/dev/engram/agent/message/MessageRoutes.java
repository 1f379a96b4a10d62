package dev.engram.agent.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /v1/agents/{id}/messages} in both modes and the deprecated {@code /messages/stream}. Served as Vert.x
 * routes rather than JAX-RS because one path answers either JSON or Letta's exact SSE framing, decided by the body.
 */
@ApplicationScoped
public class MessageRoutes {

    private final AgentLoop loop;

    public MessageRoutes(AgentLoop loop) {
        this.loop = loop;
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

    private void handle(RoutingContext rc, Buffer body, boolean forceStreaming) {
        try {
            LettaRequest request = parse(body);
            boolean streaming = forceStreaming || Boolean.TRUE.equals(request.streaming());
            if (!streaming && (Boolean.TRUE.equals(request.streamTokens()) || Boolean.FALSE.equals(request.includePings()))) {
                throw ApiException.unprocessable("stream_tokens: streaming options need streaming=true");
            }
            if (Boolean.TRUE.equals(request.background())) {
                throw ApiException.unprocessable("background: resumable background streams are not offered; use /messages/async");
            }
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            String agentId = Ids.require("agent", "agent_id", rc.pathParam("agent_id"));
            String key = rc.request().getHeader(Requests.IDEMPOTENCY_KEY);
            if (streaming) {
                stream(rc, actor, agentId, request, key);
            } else {
                loop.send(actor, agentId, request, key).subscribe().with(
                        response -> rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                                .end(JsonText.MAPPER.valueToTree(response).toString()),
                        failure -> HttpErrors.send(rc, failure));
            }
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    private void stream(RoutingContext rc, Actor actor, String agentId, LettaRequest request, String key) {
        loop.prepare(actor, agentId, request, key, false, null).subscribe().with(prepared -> {
            SseChannel channel = new SseChannel(rc.response(), request.includePings() == null || request.includePings());
            channel.open(prepared.run().id);
            boolean tokens = Boolean.TRUE.equals(request.streamTokens());
            AtomicReference<Throwable> modelError = new AtomicReference<>();
            RunObserver observer = new RunObserver() {
                @Override
                public void message(ObjectNode message) {
                    channel.data(message);
                }

                @Override
                public void delta(ObjectNode chunk) {
                    channel.data(chunk);
                }

                @Override
                public void modelFailed(Throwable error) {
                    modelError.set(error);
                }

                @Override
                public boolean tokens() {
                    return tokens;
                }
            };
            loop.start(prepared, observer).subscribe().with(response -> {
                if (prepared.attached()) {
                    response.messages().forEach(channel::data);
                }
                if (modelError.get() != null) {
                    // the steps before went out; the model's failure ends the stream as any failure after the first frame
                    fail(channel, prepared.run().id, modelError.get());
                } else {
                    finish(channel, response);
                }
            }, failure -> fail(channel, prepared.run().id, failure));
        }, failure -> HttpErrors.send(rc, failure));
    }

    static void finish(SseChannel channel, LettaResponse response) {
        channel.data(JsonText.MAPPER.valueToTree(response.stopReason()));
        channel.data(JsonText.MAPPER.valueToTree(response.usage()));
        channel.done();
    }

    /** Errors after the first frame: the stop reason, then a named error event (and [DONE] for LLM errors). */
    static void fail(SseChannel channel, String runId, Throwable failure) {
        Throwable e = HttpErrors.unwrap(failure);
        ObjectNode stop = JsonText.MAPPER.createObjectNode().put("message_type", "stop_reason");
        ObjectNode error = JsonText.MAPPER.createObjectNode().put("message_type", "error_message").put("run_id", runId);
        if (e instanceof LlmException llm) {
            stop.put("stop_reason", llm.stopReason() == null ? "llm_api_error" : llm.stopReason());
            error.put("error_type", llm.errorType() == null ? "llm_error" : llm.errorType());
            error.put("message", llm.getMessage());
            error.put("detail", llm.getMessage());
            channel.data(stop);
            channel.event("error", error);
            channel.done();
            return;
        }
        stop.put("stop_reason", "error");
        error.put("error_type", "internal_error");
        error.put("message", "An error occurred during the run");
        error.put("detail", String.valueOf(e.getMessage()));
        channel.data(stop);
        channel.event("error", error);
        channel.end();
    }

    static LettaRequest parse(Buffer body) throws java.io.IOException {
        if (body == null || body.length() == 0) {
            throw ApiException.unprocessable("body: Field required");
        }
        return JsonText.MAPPER.readValue(body.getBytes(), LettaRequest.class);
    }
}
