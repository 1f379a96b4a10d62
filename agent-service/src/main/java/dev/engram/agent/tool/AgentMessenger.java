package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Agents messaging agents of their organization (the multi-agent tools). Each message is a run of the other agent,
 * made like a client's request (durable, queued behind the agent's other runs, resumed after a crash), that carries
 * the chain of agents whose calls led to it. The chain refuses a call that waits for an agent already in it (that
 * agent may itself be waiting further up: neither would ever answer) and chains deeper than allowed.
 * <p>
 * A message's run is keyed by the calling tool call: a step replayed after a crash finds that run again instead of
 * sending the message twice.
 */
@ApplicationScoped
public class AgentMessenger {

    /** What the other agent reads when the sender waits for its answer (Letta's wording, which models are used to). */
    static final String ASKED = "[Incoming message from agent with ID '%s' - your response will be delivered to the sender] %s";
    /** What the other agent reads when the sender does not wait. */
    static final String TOLD = "[Incoming message from agent with ID '%s' - this is a one-way notification; if you need to respond, "
            + "use an agent-to-agent messaging tool if available] %s";
    static final String NO_RESPONSE = "<no response>";

    /** What one agent answered: its assistant texts in order, or {@link #NO_RESPONSE}. */
    record Reply(String agentId, List<String> response) {

        /** Letta's result shape, {@code {'agent_id': ..., 'response': [...]}}. */
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent_id", agentId);
            m.put("response", response);
            return m;
        }
    }

    private final AgentLoop loop;
    private final AgentRepository agents;
    private final MultiAgentConfig config;
    private final Vertx vertx;

    public AgentMessenger(AgentLoop loop, AgentRepository agents, MultiAgentConfig config, Vertx vertx) {
        this.loop = loop;
        this.agents = agents;
        this.config = config;
        this.vertx = vertx;
    }

    /** Sends the message to the other agent and waits (up to the reply timeout) for its run to end. */
    Uni<Reply> ask(ToolCallContext call, String target, String message) {
        List<String> callers = callersOfNested(call, target, true);
        LettaRequest request = request(ASKED.formatted(call.agentId(), message));
        return detached(() -> loop.prepareNested(call.actor(), target, request, call.idempotencyKey(), callers)
                        .chain(p -> loop.start(p, RunObserver.NONE)))
                .ifNoItem().after(config.replyTimeout()).failWith(() -> new ToolFailure("TimeoutError", "agent " + target
                        + " did not reply within " + config.replyTimeout().toSeconds() + " seconds; its run goes on"))
                .map(r -> new Reply(target, assistantTexts(r)))
                .onFailure().transform(e -> failure(target, e));
    }

    /** Sends the message to the other agent: answers once its run is recorded, which then goes on by itself. */
    Uni<Void> tell(ToolCallContext call, String target, String message) {
        List<String> callers = callersOfNested(call, target, false);
        LettaRequest request = request(TOLD.formatted(call.agentId(), message));
        return detached(() -> loop.prepareNested(call.actor(), target, request, call.idempotencyKey(), callers)
                        .invoke(p -> {
                            if (!p.attached()) { // a replayed call finds its run already started
                                loop.start(p, RunObserver.NONE);
                            }
                        }))
                .replaceWithVoid()
                .onFailure().transform(e -> failure(target, e));
    }

    /**
     * Asks each of the organization's agents that has every tag of {@code all} and one of {@code some} (an empty list
     * asks nothing), the caller excepted, one after another. An agent that could not be asked is listed with the
     * error instead of its reply.
     */
    Uni<List<Reply>> askAll(ToolCallContext call, List<String> all, List<String> some, String message) {
        callersOfNested(call, null, false); // too deep for any of them
        String org = call.actor().organizationId();
        return detached(() -> Panache.withSession(() -> agents.idsWithTags(org, all, some, config.maxRecipients() + 1)))
                .chain(ids -> askEach(call, ids.stream().filter(id -> !id.equals(call.agentId())).limit(config.maxRecipients()).toList(),
                        message));
    }

    /**
     * Asks each of these agents, one after another, in this order; an agent that could not be asked is listed with the
     * error instead of its reply.
     */
    Uni<List<Reply>> askEach(ToolCallContext call, List<String> targets, String message) {
        callersOfNested(call, null, false); // too deep for any of them
        Uni<List<Reply>> replies = Uni.createFrom().item(ArrayList::new);
        for (String target : targets) {
            replies = replies.chain(list -> Uni.createFrom().deferred(() -> ask(call, target, message))
                    .onFailure(ToolFailure.class).recoverWithItem(e -> new Reply(target, List.of("<error: " + e.getMessage() + ">")))
                    .map(reply -> {
                        list.add(reply);
                        return list;
                    }));
        }
        return replies;
    }

    /**
     * The chain a run started by this call carries: the caller's own callers, then the caller. Refused (an error the
     * model sees) when it would be deeper than allowed, or when the caller waits for an agent already in it.
     */
    List<String> callersOfNested(ToolCallContext call, String target, boolean waits) {
        List<String> chain = new ArrayList<>(call.callers());
        chain.add(call.agentId());
        if (waits && chain.contains(target)) {
            throw new ToolFailure("ValueError", "agent " + target + " is already in this chain of agent calls (" + path(chain, target)
                    + "); waiting for it could wait forever, as it may itself be waiting for this reply");
        }
        if (chain.size() > config.maxDepth()) {
            throw new ToolFailure("RecursionError", "agent calls may nest at most " + config.maxDepth() + " deep, and this one would be "
                    + chain.size() + " deep (" + path(chain, target) + ")");
        }
        return List.copyOf(chain);
    }

    private static String path(List<String> chain, String target) {
        List<String> all = new ArrayList<>(chain);
        all.add(target == null ? "..." : target);
        return String.join(" -> ", all);
    }

    private static LettaRequest request(String text) {
        return LettaRequest.of(List.of(MessageCreate.of("system", JsonNodeFactory.instance.textNode(text))));
    }

    /** The texts of the run's assistant messages, in order; {@link #NO_RESPONSE} when there are none. */
    static List<String> assistantTexts(LettaResponse response) {
        List<String> texts = new ArrayList<>();
        for (ObjectNode m : response.messages()) {
            if (!"assistant_message".equals(m.path("message_type").asText())) {
                continue;
            }
            JsonNode content = m.get("content");
            if (content != null && content.isArray()) {
                List<String> parts = new ArrayList<>();
                content.forEach(part -> {
                    if (part.path("text").isTextual()) {
                        parts.add(part.path("text").asText());
                    }
                });
                texts.add(String.join("\n", parts));
            } else if (content != null && !content.isNull()) {
                texts.add(content.asText());
            }
        }
        return texts.isEmpty() ? List.of(NO_RESPONSE) : texts;
    }

    /**
     * How a failed message reads to the model, in the words of Letta's client errors: another organization's agent
     * and an unknown id are both "not found".
     */
    private static ToolFailure failure(String target, Throwable e) {
        if (e instanceof ToolFailure f) {
            return f;
        }
        if (e instanceof ApiException api) {
            return switch (api.status()) {
                case 404 -> new ToolFailure("NotFoundError", "Agent with id " + target + " not found");
                case 409 -> new ToolFailure("ConflictError", api.detail());
                case 422 -> new ToolFailure("UnprocessableEntityError", api.detail());
                default -> new ToolFailure(api.status() >= 500 ? "InternalServerError" : "BadRequestError", api.detail());
            };
        }
        return new ToolFailure("RuntimeError", "the run of agent " + target + " failed: " + e.getMessage());
    }

    /**
     * Starts the work now on a Vert.x context of its own (the other agent's run must not share the caller's database
     * session, and goes on whether or not anyone still waits for it); its outcome comes back on the caller's context.
     */
    <T> Uni<T> detached(Supplier<Uni<T>> work) {
        Context caller = Vertx.currentContext();
        Context own = VertxContext.createNewDuplicatedContext(caller != null ? caller : vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(own, true);
        Uni<T> started = Uni.createFrom().<T>emitter(e -> own.runOnContext(v -> Uni.createFrom().<T>deferred(work::get)
                        .subscribe().with(e::complete, e::fail)))
                .memoize().indefinitely();
        started.subscribe().with(x -> { }, x -> { }); // the outcome, failure included, reaches whoever waits
        return caller == null ? started : started.emitOn(command -> caller.runOnContext(v -> command.run()));
    }
}
