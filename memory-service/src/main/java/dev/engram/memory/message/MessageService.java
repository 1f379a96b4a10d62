package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
     * Writes the step's messages, rewrites and new window, all or nothing (one statement). A step already committed
     * answers as the first commit did and changes nothing.
     */
    @WithSession
    public Uni<CommitResult> commit(Caller caller, String agentId, CommitStep step) {
        return commitInTransaction(caller, agentId, step);
    }

    /** {@link #commit} within the caller's session or transaction. */
    public Uni<CommitResult> commitInTransaction(Caller caller, String agentId, CommitStep step) {
        validate(step);
        String org = caller.organizationId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<MessageData> fresh = new ArrayList<>();
        List<MessageData> incoming = step.messages() == null ? List.of() : step.messages();
        for (int i = 0; i < incoming.size(); i++) {
            fresh.add(stored(agentId, step, incoming.get(i), now.plus(i, ChronoUnit.MICROS)));
        }
        Set<String> others = new LinkedHashSet<>(step.inContextMessageIds());
        fresh.forEach(m -> others.remove(m.id()));
        Map<String, JsonNode> rewrites = new LinkedHashMap<>();
        if (step.rewrites() != null) {
            step.rewrites().forEach(r -> rewrites.put(r.id(), r.content()));
        }
        List<String> window = step.inContextMessageIds();
        return commits.commit(org, agentId, step.stepId(), step.runId(), fresh, window, others, step.expectedVersion(), rewrites, now)
                .chain(o -> {
                    if (o.done()) {
                        return commits.findById(step.stepId()).chain(done -> replay(org, agentId, step, done));
                    }
                    if (step.expectedVersion() != null && step.expectedVersion() != o.version()) {
                        return Uni.createFrom().failure(moved(step.expectedVersion(), o.version()));
                    }
                    if (o.unknownIds() > 0) {
                        return Uni.createFrom().failure(ApiException.unprocessable("in_context_message_ids: " + o.unknownIds()
                                + " id(s) are neither stored for this agent nor in this step"));
                    }
                    if (!o.rewritesOk()) {
                        return rewriteError(org, agentId, rewrites.keySet());
                    }
                    if (o.written() == null) { // another commit created the agent's first window meanwhile
                        return Uni.createFrom().failure(moved(o.version(), o.version() + 1));
                    }
                    return Uni.createFrom().item(new CommitResult(step.stepId(), o.written(), window,
                            step.view() == null ? null : LettaView.of(fresh, step.view())));
                });
    }

    private static ApiException moved(long expected, long found) {
        return ApiException.conflict("The agent's context moved: expected version " + expected + ", found " + found);
    }

    /** A step committed before: the first commit's answer, nothing changed. */
    private Uni<CommitResult> replay(String org, String agentId, CommitStep step, StepCommit done) {
        if (!done.agentId.equals(agentId) || !done.organizationId.equals(org)) {
            return Uni.createFrom().failure(ApiException.conflict("Step " + step.stepId() + " was committed for another agent"));
        }
        Uni<List<ObjectNode>> view = step.view() == null ? Uni.createFrom().nullItem()
                : messages.ofStep(org, agentId, step.stepId())
                        .map(l -> LettaView.of(l.stream().map(MessageData::of).toList(), step.view()));
        return view.map(v -> new CommitResult(done.stepId, done.contextVersion, done.messageIds, v));
    }

    /** Why a rewrite was refused: it names a message that is not the agent's system message. */
    private Uni<CommitResult> rewriteError(String org, String agentId, Set<String> ids) {
        return messages.byIds(org, agentId, ids).chain(found -> {
            for (Message m : found) {
                if (!"system".equals(m.role)) {
                    return Uni.createFrom().failure(ApiException.unprocessable(
                            "rewrites: only the system message can be rewritten, not " + m.role + " message " + m.id));
                }
            }
            return Uni.createFrom().failure(ApiException.unprocessable("rewrites: unknown message id"));
        });
    }

    /** The message as it is stored: the step's ids and a creation time when it brings none, content never null. */
    private static MessageData stored(String agentId, CommitStep step, MessageData d, Instant defaultTime) {
        JsonNode content = d.content() == null ? JsonNodeFactory.instance.arrayNode() : d.content();
        return new MessageData(d.id(), agentId, d.role(), content, d.name(), d.toolCalls(), d.toolCallId(), d.toolReturns(),
                d.approvals(), d.model(), d.otid(), d.senderId(), d.groupId(),
                d.stepId() == null ? step.stepId() : d.stepId(), d.runId() == null ? step.runId() : d.runId(), d.isErr(),
                d.createdAt() == null ? defaultTime : d.createdAt().truncatedTo(ChronoUnit.MICROS), null);
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
