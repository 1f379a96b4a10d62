package dev.engram.agent.group;

import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A message sent to a group, answered as its manager type says, each agent's turn a run of the one agent loop
 * ({@link GroupChat}):
 * <ul>
 * <li>{@code round_robin}: the members speak in the group's order, {@code max_turns} turns in all (one each by
 * default), each given what was said since its last turn.</li>
 * <li>{@code dynamic}: before each turn the manager is shown the conversation and asked to name the next speaker among
 * the members (not the one who just spoke); the first member its reply names speaks. The round ends after
 * {@code max_turns} turns (one per member by default), when a reply holds the termination token, or when the manager
 * names no member.</li>
 * <li>{@code supervisor}: the manager answers; its tool {@code send_message_to_all_agents_in_group} asks every
 * member and brings their replies back.</li>
 * <li>{@code sleeptime}: see {@link Sleeptime}.</li>
 * </ul>
 * Every message written carries the group's id. Other manager types are refused (422 naming manager_type).
 */
@ApplicationScoped
public class GroupMessaging {

    /** What the dynamic manager is asked before each turn. */
    static final String CHOOSE = "You pick who speaks next in a group chat; do not join the conversation yourself. Answer with the "
            + "name of one of: %s.\nThe conversation so far:\n%s";

    private final GroupService groups;
    private final AgentRepository agents;
    private final AgentLoop loop;
    private final Sleeptime sleeptime;

    public GroupMessaging(GroupService groups, AgentRepository agents, AgentLoop loop, Sleeptime sleeptime) {
        this.groups = groups;
        this.agents = agents;
        this.loop = loop;
        this.sleeptime = sleeptime;
    }

    public Uni<LettaResponse> send(Actor actor, String groupId, LettaRequest request, String idempotencyKey) {
        if (request == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            throw ApiException.unprocessable("messages: Field required");
        }
        if (Boolean.TRUE.equals(request.streaming()) || Boolean.TRUE.equals(request.streamTokens()) || Boolean.TRUE.equals(request.background())) {
            throw ApiException.unprocessable((Boolean.TRUE.equals(request.streaming()) ? "streaming" : Boolean.TRUE.equals(request.streamTokens())
                    ? "stream_tokens" : "background") + ": a group's answer is JSON once its turns are done (groups have no stream yet)");
        }
        for (int i = 0; i < request.messages().size(); i++) {
            if (!request.messages().get(i).isMessage()) {
                throw ApiException.unprocessable("messages[" + i + "].type: a group is sent messages only (approvals go to the agent "
                        + "that asked for them)");
            }
        }
        return groups.require(actor, groupId).chain(l -> switch (l.group().managerType) {
            case ManagerConfig.ROUND_ROBIN -> chat(actor, l, request, idempotencyKey, this::roundRobin);
            case ManagerConfig.DYNAMIC -> chat(actor, l, request, idempotencyKey, c -> dynamic(c, l));
            case ManagerConfig.SUPERVISOR -> loop.send(actor, l.group().managerAgentId,
                    request.withMessages(GroupChat.inGroup(request.messages(), l.group().id)), idempotencyKey);
            case ManagerConfig.SLEEPTIME -> sleeptime.send(actor, l, request, idempotencyKey);
            default -> Uni.createFrom().failure(ApiException.unprocessable("manager_type: Engram runs groups of manager type round_robin, "
                    + "dynamic, supervisor and sleeptime; this group's is " + l.group().managerType));
        });
    }

    /** A member of the group's turn after turn, as {@code turns} plays them out. */
    private record Turns(GroupChat chat, List<String> members, int max) {
    }

    private Uni<LettaResponse> chat(Actor actor, GroupService.Loaded l, LettaRequest request, String key, Function<Turns, Uni<Void>> turns) {
        List<String> members = l.agentIds();
        if (members.isEmpty()) {
            return Uni.createFrom().failure(ApiException.unprocessable("agent_ids: the group has no agents to speak"));
        }
        List<String> everyone = l.everyAgent();
        return Panache.withSession(() -> agents.byIds(actor.organizationId(), everyone)).chain(found -> {
            Map<String, String> names = new HashMap<>();
            found.forEach(a -> names.put(a.id, a.name));
            GroupChat chat = new GroupChat(loop, actor, request, l.group().id, names, key);
            int max = l.group().maxTurns != null ? l.group().maxTurns : members.size();
            return turns.apply(new Turns(chat, members, max)).map(v -> chat.answer());
        });
    }

    private Uni<Void> roundRobin(Turns t) {
        Uni<List<MessageCreate>> said = Uni.createFrom().item(t.chat().opening());
        for (int i = 0; i < t.max(); i++) {
            String speaker = t.members().get(i % t.members().size());
            said = said.chain(fresh -> t.chat().speak(speaker, fresh));
        }
        return said.replaceWithVoid();
    }

    private Uni<Void> dynamic(Turns t, GroupService.Loaded l) {
        String manager = l.group().managerAgentId;
        String token = l.group().terminationToken == null ? ManagerConfig.DEFAULT_TERMINATION_TOKEN : l.group().terminationToken;
        String[] last = {null};
        Uni<List<MessageCreate>> said = Uni.createFrom().item(t.chat().opening());
        for (int i = 0; i < t.max(); i++) {
            said = said.chain(fresh -> {
                if (t.chat().over) {
                    return Uni.createFrom().item(List.<MessageCreate>of());
                }
                List<String> options = t.members().stream().filter(id -> !id.equals(last[0])).toList();
                String ask = CHOOSE.formatted(String.join(", ", options.stream().map(t.chat()::nameOf).toList()), t.chat().transcript(fresh));
                MessageCreate question = new MessageCreate(MessageCreate.MESSAGE, "user", GroupChat.textParts(ask), null, null, manager, null,
                        l.group().id, null, null, null, null, null);
                return t.chat().run(manager, List.of(question)).chain(r -> {
                    String speaker = chosen(GroupChat.assistantTexts(r), options, t.chat());
                    if (speaker == null) {
                        t.chat().over = true;
                        return Uni.createFrom().item(List.<MessageCreate>of());
                    }
                    last[0] = speaker;
                    return t.chat().speak(speaker, fresh).invoke(replies -> {
                        if (replies.stream().anyMatch(m -> GroupChat.text(m.content()).contains(token))) {
                            t.chat().over = true;
                        }
                    });
                });
            });
        }
        return said.replaceWithVoid();
    }

    /** The member the manager's reply names first (by name, ignoring case); null when it names none. */
    static String chosen(List<String> texts, List<String> options, GroupChat chat) {
        String reply = String.join("\n", texts).toLowerCase(Locale.ROOT);
        String best = null;
        int at = Integer.MAX_VALUE;
        for (String id : options) {
            String name = chat.nameOf(id);
            int i = name == null ? -1 : reply.indexOf(name.toLowerCase(Locale.ROOT));
            if (i >= 0 && i < at) {
                at = i;
                best = id;
            }
        }
        return best;
    }
}
