package dev.engram.agent.conversation;

import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.message.HttpErrors;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.MessageRoutes;
import dev.engram.agent.message.RunStreamRoutes;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.auth.Caller;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The conversation routes that answer with a stream: sending a message (streaming unless the request says otherwise,
 * as in Letta), resuming a conversation's background stream, and previewing the model request a message would make.
 * Vert.x routes, as the agent's message routes are: one path answers JSON or SSE depending on the body.
 */
@ApplicationScoped
public class ConversationRoutes {

    private final ConversationService conversations;
    private final MessageRoutes messages;
    private final RunStreamRoutes streams;
    private final RunRepository runs;
    private final AgentLoop loop;

    public ConversationRoutes(ConversationService conversations, MessageRoutes messages, RunStreamRoutes streams, RunRepository runs,
                              AgentLoop loop) {
        this.conversations = conversations;
        this.messages = messages;
        this.streams = streams;
        this.runs = runs;
        this.loop = loop;
    }

    @Route(path = "/v1/conversations/:conversation_id/messages", methods = Route.HttpMethod.POST, order = 1)
    void send(RoutingContext rc, @Body Buffer body) {
        try {
            LettaRequest request = MessageRoutes.parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            conversations.target(actor, rc.pathParam("conversation_id"), request.agentId())
                    .invoke(t -> Caller.requireAgent(t.agent().id))
                    .call(t -> t.conversation() == null ? Uni.createFrom().voidItem() : conversations.touched(t.conversation()))
                    .subscribe().with(t -> {
                        try {
                            messages.send(rc, actor, t.agent().id, t.thread(), request, request.streaming() == null || request.streaming());
                        } catch (RuntimeException e) {
                            HttpErrors.send(rc, e);
                        }
                    }, failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    @Route(path = "/v1/conversations/:conversation_id/messages/preview-raw-payload", methods = Route.HttpMethod.POST, order = 1)
    void preview(RoutingContext rc, @Body Buffer body) {
        try {
            LettaRequest request = MessageRoutes.parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            conversations.target(actor, rc.pathParam("conversation_id"), request.agentId())
                    .invoke(t -> Caller.requireAgent(t.agent().id))
                    .chain(t -> loop.preview(actor, t.agent().id, t.thread(), request))
                    .subscribe().with(payload -> rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(payload.toString()), failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    /**
     * Resumes a stream of the conversation: the run named by {@code run_id}, else the run of the message with this
     * {@code otid}, else the conversation's newest active run.
     */
    @Route(path = "/v1/conversations/:conversation_id/stream", methods = Route.HttpMethod.POST, order = 1)
    void resume(RoutingContext rc, @Body Buffer body) {
        try {
            RunStreamRoutes.RetrieveStream request = RunStreamRoutes.parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            conversations.target(actor, rc.pathParam("conversation_id"), request.agentId())
                    .invoke(t -> Caller.requireAgent(t.agent().id))
                    .chain(t -> run(actor, t, request))
                    .subscribe().with(run -> streams.serve(rc, run, request), failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    private Uni<Run> run(Actor actor, ConversationService.Target t, RunStreamRoutes.RetrieveStream request) {
        String org = actor.organizationId();
        String conversation = t.conversation() == null ? null : t.conversation().id;
        if (request.runId() != null) {
            return Panache.withSession(() -> runs.findInOrg(org, request.runId()))
                    .onItem().ifNull().failWith(() -> ApiException.notFound("Run " + request.runId() + " not found"));
        }
        if (request.otid() != null) {
            return Panache.withSession(() -> runs.byOtid(org, t.agent().id, conversation, request.otid()))
                    .onItem().ifNull().failWith(() -> ApiException.notFound("No run found for otid=" + request.otid()
                            + ". The run may have expired or never existed."));
        }
        return Panache.withSession(() -> runs.newestActive(org, t.agent().id, conversation))
                .onItem().ifNull().failWith(() -> ApiException.badRequest("INVALID_ARGUMENT: No active runs found for this conversation."));
    }
}
