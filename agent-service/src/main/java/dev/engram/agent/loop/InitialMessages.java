package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.ApiException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An agent's first window: its compiled system message and its initial message sequence. */
public final class InitialMessages {

    private static final Set<String> ROLES = Set.of("user", "system", "assistant");

    private InitialMessages() {
    }

    public static MemoryRecords.CommitStep firstWindow(Agent agent, String compiledSystem, List<MessageCreate> sequence, Instant now) {
        List<MemoryRecords.MessageData> messages = new ArrayList<>();
        Instant t = now.truncatedTo(ChronoUnit.MICROS);
        messages.add(message(newId(), agent.id, "system", Recompiler.content(compiledSystem), null, null, t));
        if (sequence != null) {
            for (int i = 0; i < sequence.size(); i++) {
                MessageCreate m = sequence.get(i);
                String role = m.role() == null ? "user" : m.role();
                if (!ROLES.contains(role)) {
                    throw ApiException.unprocessable("initial_message_sequence[" + i + "].role: Input should be 'user', 'system' or 'assistant'");
                }
                messages.add(message(newId(), agent.id, role, content(m.content(), "initial_message_sequence[" + i + "].content"), m.name(),
                        m.otid(), t.plus(i + 1, ChronoUnit.MICROS)));
            }
        }
        return new MemoryRecords.CommitStep("step-" + UUID.randomUUID(), null, messages, List.of(),
                messages.stream().map(MemoryRecords.MessageData::id).toList(), 0L, null);
    }

    public static String newId() {
        return "message-" + UUID.randomUUID();
    }

    public static MemoryRecords.MessageData message(String id, String agentId, String role, JsonNode content, String name, String otid,
                                             Instant createdAt) {
        return new MemoryRecords.MessageData(id, agentId, role, content, name, null, null, null, null, null, otid, null, null, null,
                null, null, createdAt, null, null);
    }

    /** Letta's message content: a string, or a list of text and image parts. */
    public static JsonNode content(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            throw ApiException.unprocessable(field + ": Field required");
        }
        if (content.isTextual()) {
            return Recompiler.content(content.asText());
        }
        if (!content.isArray()) {
            throw ApiException.unprocessable(field + ": Input should be a valid string or a list of content parts");
        }
        ArrayNode parts = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < content.size(); i++) {
            JsonNode p = content.get(i);
            String type = p.path("type").asText("text");
            if (!type.equals("text") && !type.equals("image")) {
                throw ApiException.unprocessable(field + "[" + i + "].type: Input should be 'text' or 'image'");
            }
            if (type.equals("text") && !p.path("text").isTextual()) {
                throw ApiException.unprocessable(field + "[" + i + "].text: Field required");
            }
            parts.add(p);
        }
        return parts;
    }
}
