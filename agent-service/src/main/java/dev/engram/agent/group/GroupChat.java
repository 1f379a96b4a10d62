package dev.engram.agent.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One message to a group talked over by its members, turn by turn: the conversation they share, where each member
 * last left it, and everything the turns answered. A member's turn is a run of the agent loop on what was said since
 * its own last turn; its replies reach the others as system messages under its name.
 */
final class GroupChat {

    private final AgentLoop loop;
    private final Actor actor;
    private final LettaRequest request;
    private final String groupId;
    private final Map<String, String> names;
    private final String key;
    private final List<MessageCreate> history = new ArrayList<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<ObjectNode> messages = new ArrayList<>();
    private final List<LettaResponse> responses = new ArrayList<>();
    private int turns;
    /** No more turns: the round ended early (a termination token, no speaker). */
    boolean over;

    GroupChat(AgentLoop loop, Actor actor, LettaRequest request, String groupId, Map<String, String> names, String key) {
        this.loop = loop;
        this.actor = actor;
        this.request = request;
        this.groupId = groupId;
        this.names = names;
        this.key = key;
    }

    /** The sender's messages, as written in the group. */
    List<MessageCreate> opening() {
        return inGroup(request.messages(), groupId);
    }

    static List<MessageCreate> inGroup(List<MessageCreate> messages, String groupId) {
        return messages.stream().map(m -> new MessageCreate(m.type(), m.role(), m.content(), m.name(), m.otid(), m.senderId(),
                m.batchItemId(), groupId, m.approvals(), m.approve(), m.approvalRequestId(), m.reason(), m.toolReturns())).toList();
    }

    String nameOf(String agentId) {
        return names.get(agentId);
    }

    /** The conversation so far and {@code fresh} after it, one line each ({@code name: text}), for a manager to read. */
    String transcript(List<MessageCreate> fresh) {
        List<String> lines = new ArrayList<>();
        for (MessageCreate m : history) {
            lines.add(line(m));
        }
        for (MessageCreate m : fresh) {
            lines.add(line(m));
        }
        return String.join("\n", lines);
    }

    private static String line(MessageCreate m) {
        return m.name() != null ? text(m.content()) : "user: " + text(m.content());
    }

    /**
     * The speaker's turn: {@code fresh} joins the conversation, the speaker is given what it has not seen, and its
     * replies come back (none when it has seen everything already).
     */
    Uni<List<MessageCreate>> speak(String speaker, List<MessageCreate> fresh) {
        history.addAll(fresh);
        int from = seen.getOrDefault(speaker, 0);
        if (from >= history.size()) {
            return Uni.createFrom().item(List.of());
        }
        List<MessageCreate> input = List.copyOf(history.subList(from, history.size()));
        return run(speaker, input).map(r -> {
            List<MessageCreate> replies = replies(r, speaker);
            seen.put(speaker, history.size() + replies.size());
            return replies;
        });
    }

    /** A run of this agent on these messages, its messages and usage counted in the group's answer. */
    Uni<LettaResponse> run(String agentId, List<MessageCreate> input) {
        String turnKey = key == null ? null : key + ":" + turns;
        turns++;
        return loop.send(actor, agentId, request.withMessages(input), turnKey).invoke(r -> {
            responses.add(r);
            messages.addAll(r.messages());
        });
    }

    /** The member's assistant messages as the others read them: system messages under its name, led by it. */
    private List<MessageCreate> replies(LettaResponse r, String agentId) {
        List<MessageCreate> out = new ArrayList<>();
        String name = names.get(agentId);
        for (String text : assistantTexts(r)) {
            out.add(new MessageCreate(MessageCreate.MESSAGE, "system", textParts(name + ": " + text), name, null, agentId, null, groupId,
                    null, null, null, null, null));
        }
        return out;
    }

    static List<String> assistantTexts(LettaResponse r) {
        List<String> out = new ArrayList<>();
        for (ObjectNode m : r.messages()) {
            if ("assistant_message".equals(m.path("message_type").asText())) {
                out.add(text(m.get("content")));
            }
        }
        return out;
    }

    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (!content.isArray()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
    }

    static ArrayNode textParts(String text) {
        ArrayNode parts = JsonNodeFactory.instance.arrayNode();
        parts.addObject().put("type", "text").put("text", text);
        return parts;
    }

    /** Every turn's messages in order, the last turn's stop reason, the usage summed over the turns. */
    LettaResponse answer() {
        int completion = 0;
        int prompt = 0;
        int total = 0;
        int steps = 0;
        List<String> runIds = new ArrayList<>();
        for (LettaResponse r : responses) {
            if (r.usage() != null) {
                completion += r.usage().completionTokens();
                prompt += r.usage().promptTokens();
                total += r.usage().totalTokens();
                steps += r.usage().stepCount();
                if (r.usage().runIds() != null) {
                    runIds.addAll(r.usage().runIds());
                }
            }
        }
        LettaResponse.StopReason stop = responses.isEmpty() ? LettaResponse.StopReason.of("end_turn") : responses.getLast().stopReason();
        return new LettaResponse(messages, stop, new LettaResponse.Usage("usage_statistics", completion, prompt, total, steps,
                runIds.isEmpty() ? null : runIds, null, null, null, null), null, null);
    }
}
