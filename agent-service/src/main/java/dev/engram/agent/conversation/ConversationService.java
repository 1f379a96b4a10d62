package dev.engram.agent.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.InitialMessages;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.loop.RunThread;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Conversations: threads of one agent, each with its own window (its own system message first) in memory-service,
 * sharing the agent's blocks (but for its isolated copies) and searchable history. A conversation's memory is made
 * first and its row after it, so a failure leaves nothing behind; a conversation is deleted the other way round.
 */
@ApplicationScoped
public class ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationService.class);
    private static final Pattern CONVERSATION = Pattern.compile("^conv-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    private final ConversationRepository conversations;
    private final AgentService agents;
    private final MemoryClient memory;

    public ConversationService(ConversationRepository conversations, AgentService agents, MemoryClient memory) {
        this.conversations = conversations;
        this.agents = agents;
        this.memory = memory;
    }

    /** Letta's CreateConversation. */
    public record CreateConversation(String summary, List<String> isolatedBlockLabels, String model, JsonNode modelSettings) {
    }

    /** Letta's UpdateConversation: absent (or null) fields stay as they are. */
    public record UpdateConversation(String summary, String model, JsonNode modelSettings, String lastMessageAt) {
    }

    /**
     * What a path's conversation id names: a conversation, or an agent's own thread ({@code default} with an
     * {@code agent_id}, or, deprecated, the agent's id itself).
     */
    public record Target(Agent agent, Conversation conversation) {

        public RunThread thread() {
            return conversation == null ? RunThread.DEFAULT
                    : new RunThread(conversation.id, conversation.model, conversation.modelSettings);
        }

        /** The id memory-service and the run lists know the thread by: the conversation's, or "default". */
        public String threadId() {
            return conversation == null ? "default" : conversation.id;
        }
    }

    public static String conversationId(String value) {
        return Requests.check("conversation_id", value, CONVERSATION, 41, 41);
    }

    /** Resolves a path's conversation id (and the {@code agent_id} that goes with {@code default}); 404 when unknown. */
    public Uni<Target> target(Actor actor, String pathId, String agentId) {
        if ("default".equals(pathId) || pathId != null && pathId.startsWith("agent-")) {
            String agent = "default".equals(pathId) ? agentId : pathId;
            if (agent == null) {
                return Uni.createFrom().failure(ApiException.notFound(
                        "Conversation default not found: the default conversation is an agent's own, give agent_id"));
            }
            return agents.require(actor, Ids.require("agent", "agent_id", agent)).map(a -> new Target(a, null));
        }
        return require(actor, conversationId(pathId)).chain(c -> agents.require(actor, c.agentId).map(a -> new Target(a, c)));
    }

    public Uni<Conversation> require(Actor actor, String id) {
        return Panache.withSession(() -> conversations.findInOrg(actor.organizationId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Conversation " + id + " not found"));
    }

    // --- create, fork

    public Uni<ConversationView> create(Actor actor, String agentId, CreateConversation r, String key) {
        CreateConversation request = r == null ? new CreateConversation(null, null, null, null) : r;
        checkModel(request.model());
        List<String> labels = request.isolatedBlockLabels() == null ? List.of() : request.isolatedBlockLabels();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null || labels.get(i).isBlank()) {
                throw ApiException.unprocessable("isolated_block_labels[" + i + "]: String should have at least 1 character");
            }
        }
        if (agentId == null) {
            throw ApiException.unprocessable("agent_id: Field required");
        }
        return agents.require(actor, Ids.require("agent", "agent_id", agentId)).chain(agent -> memory.context(actor, agent.id)
                .chain(ctx -> {
                    Conversation c = newConversation(actor, agent, request.summary(), request.model(), request.modelSettings());
                    return open(actor, key, agent, c, labels, ctx, List.of());
                }));
    }

    /**
     * A new conversation whose window is the source thread's (its messages shared, not copied) behind a system message
     * of its own; the source's model choice goes with it, its isolated blocks do not.
     */
    public Uni<ConversationView> fork(Actor actor, String pathId, String agentId, String key) {
        return target(actor, pathId, agentId).chain(t -> Uni.combine().all()
                .unis(memory.context(actor, t.agent().id), memory.context(actor, t.agent().id, t.conversation() == null ? null : t.conversation().id))
                .asTuple().chain(both -> {
                    List<String> history = both.getItem2().messages().stream().skip(1).map(MemoryRecords.MessageData::id).toList();
                    Conversation c = newConversation(actor, t.agent(), null, t.conversation() == null ? null : t.conversation().model,
                            t.conversation() == null ? null : t.conversation().modelSettings);
                    return open(actor, key, t.agent(), c, List.of(), both.getItem1(), history);
                }));
    }

    /** Commits the conversation's first window in memory-service (isolated copies made there), then stores its row. */
    private Uni<ConversationView> open(Actor actor, String key, Agent agent, Conversation c, List<String> isolated,
                                       MemoryRecords.ContextView shared, List<String> history) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String compiled = Recompiler.compile(agent, c.id, shared, now);
        MemoryRecords.MessageData system = InitialMessages.message(InitialMessages.newId(), agent.id, "system",
                Recompiler.content(compiled), null, null, now);
        List<String> window = new ArrayList<>(List.of(system.id()));
        window.addAll(history);
        MemoryRecords.CommitStep step = new MemoryRecords.CommitStep("step-" + UUID.randomUUID(), null, List.of(system), List.of(), window, null, null,
                c.id);
        String memoryKey = (key == null ? "create-" : key + ":") + c.id;
        return memory.initConversation(actor, memoryKey, agent.id, c.id, new MemoryRecords.InitConversation(isolated, step))
                .chain(created -> {
                    c.isolatedBlockIds = new ArrayList<>(created.isolatedBlockIds());
                    return Panache.withTransaction(() -> conversations.persist(c))
                            .onFailure().call(e -> memory.deleteConversation(actor, agent.id, c.id)
                                    .onFailure().invoke(x -> LOG.errorf("could not undo the memory of conversation %s: %s", c.id, x))
                                    .onFailure().recoverWithNull());
                })
                .map(saved -> ConversationView.of(saved, window));
    }

    private static Conversation newConversation(Actor actor, Agent agent, String summary, String model, JsonNode settings) {
        Conversation c = new Conversation();
        c.id = "conv-" + UUID.randomUUID();
        c.organizationId = actor.organizationId();
        c.agentId = agent.id;
        c.summary = summary;
        c.model = model;
        c.modelSettings = JsonText.present(settings);
        c.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        c.updatedAt = c.createdAt;
        c.createdById = actor.userId();
        c.lastUpdatedById = actor.userId();
        return c;
    }

    private static void checkModel(String model) {
        if (model != null) {
            int slash = model.indexOf('/');
            if (slash <= 0 || slash == model.length() - 1) {
                throw ApiException.unprocessable("model: The model handle should be in the format provider/model-name");
            }
        }
    }

    // --- read, change, delete

    public Uni<ConversationView> get(Actor actor, String id) {
        return require(actor, conversationId(id)).chain(c -> memory.context(actor, c.agentId, c.id)
                .map(ctx -> ConversationView.of(c, ctx.messages().stream().map(MemoryRecords.MessageData::id).toList())));
    }

    /** Letta's list: newest first by default; the window ids are only in the answer of a single conversation. */
    public Uni<List<ConversationView>> list(Actor actor, String agentId, String summarySearch, String after, String before, int limit,
                                            boolean ascending, String orderBy) {
        Uni<Void> agent = agentId == null ? Uni.createFrom().voidItem()
                : agents.require(actor, Ids.require("agent", "agent_id", agentId)).replaceWithVoid();
        return agent.chain(() -> Panache.withSession(() -> conversations.page(actor.organizationId(), agentId, summarySearch, after, before,
                limit, ascending, orderBy))).map(l -> l.stream().map(c -> ConversationView.of(c, List.of())).toList());
    }

    public Uni<ConversationView> update(Actor actor, String id, UpdateConversation r) {
        checkModel(r.model());
        Instant lastMessage = Requests.dateTime("last_message_at", r.lastMessageAt(), false);
        return Panache.withTransaction(() -> require(actor, conversationId(id)).invoke(c -> {
            if (r.summary() != null) {
                c.summary = r.summary();
            }
            if (r.model() != null) {
                c.model = r.model();
            }
            if (r.modelSettings() != null && !r.modelSettings().isNull()) {
                c.modelSettings = r.modelSettings();
            }
            if (lastMessage != null) {
                c.lastMessageAt = lastMessage;
            }
            c.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            c.lastUpdatedById = actor.userId();
        })).map(c -> ConversationView.of(c, List.of()));
    }

    /** Its window, isolated blocks and the messages no other thread holds go in memory-service; then its row. */
    public Uni<Void> delete(Actor actor, String id) {
        return require(actor, conversationId(id)).chain(c -> memory.deleteConversation(actor, c.agentId, c.id)
                .onFailure(e -> e instanceof ApiException a && a.status() == 404).recoverWithNull()
                .chain(() -> Panache.withTransaction(() -> conversations.deleteById(c.id)))).replaceWithVoid();
    }

    /** A message came into the conversation (Letta notes it as the request arrives). */
    public Uni<Void> touched(Conversation c) {
        return Panache.withTransaction(() -> conversations.touchMessage(c.id, Instant.now().truncatedTo(ChronoUnit.MICROS))).replaceWithVoid();
    }
}
