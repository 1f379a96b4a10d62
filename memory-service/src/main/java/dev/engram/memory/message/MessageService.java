package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Cursors;
import dev.engram.memory.web.Page;
import dev.engram.memory.web.Ids;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recall memory: step commits (messages + window, atomically), listings, and the context of a step. */
@ApplicationScoped
public class MessageService {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "approval", "summary");

    private final MessageRepository messages;
    private final StepCommitRepository commits;
    private final ContextReader reader;

    public MessageService(MessageRepository messages, StepCommitRepository commits,
                          ContextReader reader) {
        this.messages = messages;
        this.commits = commits;
        this.reader = reader;
    }

    /**
     * Writes the step's messages, rewrites and new window, all or nothing. A step already committed answers as the
     * first commit did and changes nothing. The common case goes pipelined on one pooled connection; every other case
     * (first window, replay, a refusal) through {@link #commitInTransaction}, which tells them apart.
     */
    public Uni<CommitResult> commit(Caller caller, String agentId, CommitStep step) {
        StepCommitRepository.Writes w = writes(caller, agentId, step);
        return commits.commitPipelined(w, step.expectedVersion()).chain(version -> version != null
                ? Uni.createFrom().item(result(step, version, w))
                : Panache.withTransaction(() -> commitInOrm(w, step, false)));
    }

    /**
     * {@link #commit} within the caller's ORM transaction; it may write the first window of a conversation, which a
     * plain commit never does (a conversation's window comes from its init).
     */
    public Uni<CommitResult> commitInTransaction(Caller caller, String agentId, CommitStep step) {
        return commitInOrm(writes(caller, agentId, step), step, true);
    }

    private Uni<CommitResult> commitInOrm(StepCommitRepository.Writes w, CommitStep step, boolean initializing) {
        String org = w.org();
        String agentId = w.agentId();
        return commits.lock(w).chain(locked -> {
            if (locked == null || locked.done()) {
                return commits.findById(step.stepId()).chain(done -> {
                    if (done != null) {
                        return replay(org, agentId, w.conversationId(), step, done);
                    }
                    if (w.conversationId() != null && !initializing) {
                        return Uni.createFrom().failure(conversationNotFound(w.conversationId()));
                    }
                    return firstWindow(org, agentId, w.others()).chain(() -> checkRewrites(org, agentId, w.rewrites().keySet()))
                            .chain(() -> apply(w, 0, step));
                });
            }
            if (step.expectedVersion() != null && step.expectedVersion() != locked.version()) {
                return Uni.createFrom().failure(ApiException.conflict(thread(w.conversationId()) + " moved: expected version "
                        + step.expectedVersion() + ", found " + locked.version()));
            }
            if (locked.unknownIds() > 0) {
                return Uni.createFrom().failure(unknownIds(locked.unknownIds()));
            }
            Uni<Void> rewrites = locked.systemRewrites() == w.rewrites().size() ? Uni.createFrom().voidItem()
                    : checkRewrites(org, agentId, w.rewrites().keySet());
            return rewrites.chain(() -> apply(w, locked.version(), step));
        });
    }

    /** The 404 of a conversation that has no window. */
    public static ApiException conversationNotFound(String conversationId) {
        return ApiException.notFound("Conversation " + conversationId + " not found");
    }

    private static String thread(String conversationId) {
        return conversationId == null ? "The agent's context" : "The context of conversation " + conversationId;
    }

    /** Validates the step and lays out what it writes. */
    private static StepCommitRepository.Writes writes(Caller caller, String agentId, CommitStep step) {
        validate(step);
        String conversationId = Ids.conversation("conversation_id", step.conversationId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<MessageData> fresh = new ArrayList<>();
        List<MessageData> incoming = step.messages() == null ? List.of() : step.messages();
        for (int i = 0; i < incoming.size(); i++) {
            fresh.add(stored(agentId, conversationId, step, incoming.get(i), now.plus(i, ChronoUnit.MICROS)));
        }
        Set<String> others = new LinkedHashSet<>(step.inContextMessageIds());
        fresh.forEach(m -> others.remove(m.id()));
        Map<String, JsonNode> rewrites = new LinkedHashMap<>();
        if (step.rewrites() != null) {
            step.rewrites().forEach(r -> rewrites.put(r.id(), r.content()));
        }
        return new StepCommitRepository.Writes(caller.organizationId(), agentId, conversationId, step.stepId(), step.runId(), fresh,
                step.inContextMessageIds(), others, rewrites, now);
    }

    private static CommitResult result(CommitStep step, long version, StepCommitRepository.Writes w) {
        return new CommitResult(step.stepId(), version, w.window(), step.view() == null ? null : LettaView.of(w.messages(), step.view()));
    }

    /** A step committed before: the first commit's answer, nothing changed. */
    private Uni<CommitResult> replay(String org, String agentId, String conversationId, CommitStep step, StepCommit done) {
        if (!done.agentId.equals(agentId) || !done.organizationId.equals(org)) {
            return Uni.createFrom().failure(ApiException.conflict("Step " + step.stepId() + " was committed for another agent"));
        }
        if (!java.util.Objects.equals(done.conversationId, conversationId)) {
            return Uni.createFrom().failure(ApiException.conflict("Step " + step.stepId() + " was committed for another thread"));
        }
        Uni<List<ObjectNode>> view = step.view() == null ? Uni.createFrom().nullItem()
                : messages.ofStep(org, agentId, step.stepId())
                        .map(l -> LettaView.of(l.stream().map(MessageData::of).toList(), step.view()));
        return view.map(v -> new CommitResult(done.stepId, done.contextVersion, done.messageIds, v));
    }

    /** The agent's first window may only name messages it brings or messages already stored for the agent. */
    private Uni<Void> firstWindow(String org, String agentId, java.util.Collection<String> others) {
        return messages.countByIds(org, agentId, others).chain(found -> found == others.size() ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(unknownIds(others.size() - found)));
    }

    private static ApiException unknownIds(long count) {
        return ApiException.unprocessable("in_context_message_ids: " + count + " id(s) are neither stored for this agent nor in this step");
    }

    private Uni<CommitResult> apply(StepCommitRepository.Writes w, long current, CommitStep step) {
        long version = current + 1;
        return commits.write(w, version).map(v -> result(step, version, w));
    }

    /** Only the agent's own system message can be rewritten. */
    private Uni<Void> checkRewrites(String org, String agentId, Set<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return messages.byIds(org, agentId, ids).chain(found -> {
            for (Message m : found) {
                if (!"system".equals(m.role)) {
                    return Uni.createFrom().failure(ApiException.unprocessable(
                            "rewrites: only the system message can be rewritten, not " + m.role + " message " + m.id));
                }
            }
            return found.size() == ids.size() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(ApiException.unprocessable("rewrites: unknown message id"));
        });
    }

    /**
     * The message as it is stored: the step's ids and thread, a creation time when it brings none, content never null.
     */
    private static MessageData stored(String agentId, String conversationId, CommitStep step, MessageData d, Instant defaultTime) {
        JsonNode content = d.content() == null ? JsonNodeFactory.instance.arrayNode() : d.content();
        return new MessageData(d.id(), agentId, d.role(), content, d.name(), d.toolCalls(), d.toolCallId(), d.toolReturns(),
                d.approvals(), d.model(), d.otid(), d.senderId(), d.groupId(),
                d.stepId() == null ? step.stepId() : d.stepId(), d.runId() == null ? step.runId() : d.runId(), d.isErr(),
                d.createdAt() == null ? defaultTime : d.createdAt().truncatedTo(ChronoUnit.MICROS), null, conversationId);
    }

    private static void validate(CommitStep step) {
        Set<String> seen = new HashSet<>();
        List<MessageData> incoming = step.messages() == null ? List.of() : step.messages();
        for (int i = 0; i < incoming.size(); i++) {
            MessageData m = incoming.get(i);
            Ids.require("message", "messages[" + i + "].id", m.id());
            if (!ROLES.contains(m.role())) {
                throw ApiException.unprocessable("messages[" + i + "].role: must be one of " + new java.util.TreeSet<>(ROLES));
            }
            if (!seen.add(m.id())) {
                throw ApiException.unprocessable("messages[" + i + "].id: duplicate id " + m.id());
            }
        }
        if (new HashSet<>(step.inContextMessageIds()).size() != step.inContextMessageIds().size()) {
            throw ApiException.unprocessable("in_context_message_ids: an id appears twice");
        }
    }

    /**
     * A page of stored messages.
     *
     * @param agentId one agent's messages, or null for every agent of the organization
     */
    @WithSession
    public Uni<List<MessageData>> list(Caller caller, String agentId, String after, String before, int limit, boolean ascending,
                                       Set<String> roles, MessageRepository.Scope scope) {
        return cursorsKnown(caller, agentId, after, before)
                .chain(() -> messages.page(caller.organizationId(), agentId, after, before, limit, ascending, roles, scope))
                .map(l -> l.stream().map(MessageData::of).toList());
    }

    private Uni<Void> cursorsKnown(Caller caller, String agentId, String after, String before) {
        String org = caller.organizationId();
        return Cursors.known(new Page(after, before, 1, true), "message",
                id -> agentId == null ? messages.countInOrg(org, id) : messages.countOfAgent(org, agentId, id));
    }

    /**
     * A page of messages as Letta messages.
     *
     * @param agentId             one agent's messages, or null for every agent of the organization
     * @param innerThoughtsAgents agents whose assistant text shows as reasoning whatever the options say
     */
    @WithSession
    public Uni<List<ObjectNode>> listLetta(Caller caller, String agentId, String after, String before, int limit, boolean ascending,
                                           ViewOptions options, MessageRepository.Scope scope, Set<String> innerThoughtsAgents) {
        return cursorsKnown(caller, agentId, after, before)
                .chain(() -> messages.page(caller.organizationId(), agentId, after, before, limit, ascending, null, scope))
                .map(l -> LettaView.of(l.stream().map(MessageData::of).toList(),
                        new ViewOptions(options.useAssistantMessage(), options.assistantToolName(), options.assistantToolKwarg(),
                                options.textIsAssistantMessage(), !ascending, options.includeTypes()), innerThoughtsAgents));
    }

    /**
     * Blocks, in-context messages in window order, and the memory counts, for one step of a thread.
     *
     * @param conversationId null for the agent's default thread
     */
    public Uni<ContextView> context(Caller caller, String agentId, String conversationId) {
        return reader.read(caller.organizationId(), agentId, conversationId);
    }
}
