package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code sleeptime} group: the manager (the main agent) answers; every {@code sleeptime_agent_frequency} of its
 * turns (every turn when unset) each member, a sleeptime agent, gets a background run on a transcript of what was
 * said in the group since the members' last run, to keep its memory up to date. The answer is the main agent's, with
 * the background runs' ids in its usage; it does not wait for them.
 */
@ApplicationScoped
public class Sleeptime {

    /** What a sleeptime agent is given: its role, then the transcript. */
    static final String REVIEW = """
            <system-reminder>
            You work in the background, after the conversation below took place between another agent (the primary \
            agent, "assistant") and its user ("user"). Do not answer it. Read it and keep your memory blocks up to date with \
            what is worth remembering; your persona block may say more about what to keep.
            </system-reminder>

            Messages:
            %s""";

    private final GroupRepository groups;
    private final MemoryClient memory;
    private final AgentLoop loop;

    public Sleeptime(GroupRepository groups, MemoryClient memory, AgentLoop loop) {
        this.groups = groups;
        this.memory = memory;
        this.loop = loop;
    }

    Uni<LettaResponse> send(Actor actor, GroupService.Loaded l, LettaRequest request, String key) {
        String group = l.group().id;
        String main = l.group().managerAgentId;
        return loop.send(actor, main, request.withMessages(GroupChat.inGroup(request.messages(), group)), key).chain(r -> {
            String lastId = r.messages().isEmpty() ? null : r.messages().getLast().path("id").asText(null);
            return turn(actor, group, lastId).chain(since -> {
                if (since == null || lastId == null || l.agentIds().isEmpty()) {
                    return Uni.createFrom().item(r);
                }
                return transcript(actor, main, group, since.orElse(null))
                        .chain(text -> startAll(actor, l.agentIds(), group, text, key))
                        .map(runIds -> withRuns(r, runIds));
            });
        });
    }

    /**
     * Counts the main agent's turn: when the members are due, answers the last message they already saw (empty when
     * none) and marks {@code lastId} as seen; null when they are not due.
     */
    private Uni<java.util.Optional<String>> turn(Actor actor, String groupId, String lastId) {
        return Panache.withTransaction(() -> groups.find(actor.organizationId(), groupId).map(g -> {
            if (g == null) {
                return null;
            }
            Integer frequency = g.sleeptimeAgentFrequency;
            boolean due = true;
            if (frequency != null && frequency > 0) {
                int counter = ((g.turnsCounter == null ? -1 : g.turnsCounter) + 1) % frequency;
                g.turnsCounter = counter;
                due = counter == 0;
            }
            if (!due || lastId == null) {
                return null;
            }
            java.util.Optional<String> since = java.util.Optional.ofNullable(g.lastProcessedMessageId);
            g.lastProcessedMessageId = lastId;
            return since;
        }));
    }

    /** The main agent's messages in the group after {@code since}, one line each ({@code user: ...}, {@code assistant: ...}). */
    private Uni<String> transcript(Actor actor, String agentId, String groupId, String since) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("view", "letta");
        q.putSingle("group_id", groupId);
        q.putSingle("order", "asc");
        q.putSingle("limit", "1000");
        q.putSingle("text_is_assistant_message", "true");
        if (since != null) {
            q.putSingle("after", since);
        }
        return memory.messages(actor, agentId, q).map(list -> {
            List<String> lines = new ArrayList<>();
            for (JsonNode m : list) {
                String type = m.path("message_type").asText();
                if ("user_message".equals(type)) {
                    lines.add("user: " + GroupChat.text(m.get("content")));
                } else if ("assistant_message".equals(type)) {
                    lines.add("assistant: " + GroupChat.text(m.get("content")));
                }
            }
            return String.join("\n", lines);
        });
    }

    /** Starts each member's background run on the transcript; answers their run ids once they are recorded. */
    private Uni<List<String>> startAll(Actor actor, List<String> members, String groupId, String transcript, String key) {
        MessageCreate review = new MessageCreate(MessageCreate.MESSAGE, "user", GroupChat.textParts(REVIEW.formatted(transcript)), null,
                null, null, null, groupId, null, null, null, null, null);
        LettaRequest request = LettaRequest.of(List.of(review));
        Uni<List<String>> all = Uni.createFrom().item(ArrayList::new);
        for (String member : members) {
            String memberKey = key == null ? null : key + ":sleeptime:" + member;
            all = all.chain(ids -> loop.prepare(actor, member, request, memberKey, true, null).map(p -> {
                if (!p.attached()) {
                    loop.start(p, RunObserver.NONE);
                }
                ids.add(p.run().id);
                return ids;
            }));
        }
        return all;
    }

    private static LettaResponse withRuns(LettaResponse r, List<String> runIds) {
        LettaResponse.Usage u = r.usage();
        List<String> ids = new ArrayList<>(u == null || u.runIds() == null ? List.of() : u.runIds());
        ids.addAll(runIds);
        LettaResponse.Usage usage = u == null
                ? new LettaResponse.Usage("usage_statistics", 0, 0, 0, 0, ids, null, null, null, null)
                : new LettaResponse.Usage(u.messageType(), u.completionTokens(), u.promptTokens(), u.totalTokens(), u.stepCount(), ids,
                u.cachedInputTokens(), u.cacheWriteTokens(), u.reasoningTokens(), u.contextTokens());
        return new LettaResponse(r.messages(), r.stopReason(), usage, r.logprobs(), r.turns());
    }
}
