package dev.engram.memory.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recall memory: step commits (messages + window, atomically), listings, and the context of a step. */
@ApplicationScoped
public class MessageService {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "approval", "summary");

    private final MessageRepository messages;
    private final AgentContextRepository contexts;
    private final StepCommitRepository commits;
    private final ContextReader reader;

    public MessageService(MessageRepository messages, AgentContextRepository contexts, StepCommitRepository commits,
                          ContextReader reader) {
        this.messages = messages;
        this.contexts = contexts;
        this.commits = commits;
        this.reader = reader;
    }

    /**
     * Writes the step's messages, rewrites and new window in one transaction. A step already committed answers as the
     * first commit did and changes nothing.
     */
    @WithTransaction
    public Uni<CommitResult> commit(Caller caller, String agentId, CommitStep step) {
        return commitInTransaction(caller, agentId, step);
    }

    /** {@link #commit} within the caller's transaction. */
    public Uni<CommitResult> commitInTransaction(Caller caller, String agentId, CommitStep step) {
        validate(step);
        String org = caller.organizationId();
        return commits.findById(step.stepId()).chain(done -> {
            if (done != null) {
                if (!done.agentId.equals(agentId) || !done.organizationId.equals(org)) {
                    return Uni.createFrom().failure(ApiException.conflict("Step " + step.stepId() + " was committed for another agent"));
                }
                Uni<List<ObjectNode>> view = step.view() == null ? Uni.createFrom().nullItem()
                        : messages.ofStep(org, agentId, step.stepId()).map(l -> LettaView.of(l.stream().map(MessageData::of).toList(), step.view()));
                return view.map(v -> new CommitResult(done.stepId, done.contextVersion, done.messageIds, v));
            }
            return contexts.lockOf(org, agentId).chain(ctx -> apply(org, agentId, ctx, step));
        });
    }

    private Uni<CommitResult> apply(String org, String agentId, AgentContext existing, CommitStep step) {
        long current = existing == null ? 0 : existing.version;
        if (step.expectedVersion() != null && step.expectedVersion() != current) {
            return Uni.createFrom().failure(ApiException.conflict("The agent's context moved: expected version "
                    + step.expectedVersion() + ", found " + current));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Message> fresh = new ArrayList<>();
        List<MessageData> incoming = step.messages() == null ? List.of() : step.messages();
        for (int i = 0; i < incoming.size(); i++) {
            fresh.add(toEntity(org, agentId, step, incoming.get(i), now.plus(i, ChronoUnit.MICROS)));
        }
        Set<String> freshIds = new HashSet<>();
        fresh.forEach(m -> freshIds.add(m.id));
        List<String> window = step.inContextMessageIds();
        Set<String> stored = new LinkedHashSet<>(window);
        stored.removeAll(freshIds);
        Uni<Void> checkWindow = messages.countByIds(org, agentId, stored).chain(found -> found == stored.size()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ApiException.unprocessable("in_context_message_ids: "
                        + (stored.size() - found) + " id(s) are neither stored for this agent nor in this step")));
        return checkWindow
                .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : messages.persist(fresh))
                .chain(() -> rewrite(org, agentId, step.rewrites()))
                .chain(() -> {
                    AgentContext ctx = existing;
                    if (ctx == null) {
                        ctx = new AgentContext();
                        ctx.agentId = agentId;
                        ctx.organizationId = org;
                    }
                    ctx.messageIds = new ArrayList<>(window);
                    ctx.version = current + 1;
                    ctx.updatedAt = now;
                    return contexts.persist(ctx);
                })
                .chain(ctx -> {
                    StepCommit commit = new StepCommit();
                    commit.stepId = step.stepId();
                    commit.organizationId = org;
                    commit.agentId = agentId;
                    commit.runId = step.runId();
                    commit.contextVersion = ctx.version;
                    commit.messageIds = ctx.messageIds;
                    commit.committedAt = now;
                    return commits.persist(commit);
                })
                .map(c -> new CommitResult(c.stepId, c.contextVersion, c.messageIds, step.view() == null ? null
                        : LettaView.of(fresh.stream().map(MessageData::of).toList(), step.view())));
    }

    private Uni<Void> rewrite(String org, String agentId, List<CommitStep.Rewrite> rewrites) {
        if (rewrites == null || rewrites.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, CommitStep.Rewrite> byId = new HashMap<>();
        rewrites.forEach(r -> byId.put(r.id(), r));
        return messages.byIds(org, agentId, byId.keySet()).chain(found -> {
            if (found.size() != byId.size()) {
                return Uni.createFrom().failure(ApiException.unprocessable("rewrites: unknown message id"));
            }
            for (Message m : found) {
                if (!"system".equals(m.role)) {
                    return Uni.createFrom().failure(ApiException.unprocessable("rewrites: only the system message can be rewritten, not "
                            + m.role + " message " + m.id));
                }
                m.content = byId.get(m.id).content();
                m.text = MessageTexts.of(MessageData.of(m));
            }
            return Uni.createFrom().voidItem();
        });
    }

    private static Message toEntity(String org, String agentId, CommitStep step, MessageData d, Instant defaultTime) {
        Message m = new Message();
        m.id = d.id();
        m.organizationId = org;
        m.agentId = agentId;
        m.role = d.role();
        m.content = d.content() == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode() : d.content();
        m.name = d.name();
        m.toolCalls = d.toolCalls();
        m.toolCallId = d.toolCallId();
        m.toolReturns = d.toolReturns();
        m.approvals = d.approvals();
        m.model = d.model();
        m.otid = d.otid();
        m.senderId = d.senderId();
        m.groupId = d.groupId();
        m.stepId = d.stepId() == null ? step.stepId() : d.stepId();
        m.runId = d.runId() == null ? step.runId() : d.runId();
        m.isErr = d.isErr();
        m.createdAt = d.createdAt() == null ? defaultTime : d.createdAt().truncatedTo(ChronoUnit.MICROS);
        m.text = MessageTexts.of(d);
        return m;
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

    @WithSession
    public Uni<List<MessageData>> list(Caller caller, String agentId, String after, String before, int limit, boolean ascending,
                                       Set<String> roles, String runId) {
        return messages.page(caller.organizationId(), agentId, after, before, limit, ascending, roles, runId)
                .map(l -> l.stream().map(MessageData::of).toList());
    }

    @WithSession
    public Uni<List<ObjectNode>> listLetta(Caller caller, String agentId, String after, String before, int limit, boolean ascending,
                                           ViewOptions options, String runId) {
        return messages.page(caller.organizationId(), agentId, after, before, limit, ascending, null, runId)
                .map(l -> LettaView.of(l.stream().map(MessageData::of).toList(),
                        new ViewOptions(options.useAssistantMessage(), options.assistantToolName(), options.assistantToolKwarg(),
                                options.textIsAssistantMessage(), !ascending, options.includeTypes())));
    }

    /** Blocks, in-context messages in window order, and the memory counts, for one step. */
    public Uni<ContextView> context(Caller caller, String agentId) {
        return reader.read(caller.organizationId(), agentId);
    }
}
