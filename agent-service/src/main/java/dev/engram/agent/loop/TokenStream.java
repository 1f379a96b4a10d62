package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.llm.LlmChunk;
import dev.engram.agent.llm.LlmResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Token streaming of one step: the model's deltas go to the run's observer as Letta message chunks sharing the
 * assistant message's id (the otid's sub-index goes up each time the message type changes; tool-call fragments as
 * ToolCallDelta, null keys left out), and the complete answer comes back at the end.
 */
final class TokenStream {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final LoopState state;
    private final String stepId;
    private final String messageId;
    private final String approvalId;
    private final java.util.function.Predicate<String> gated;
    private final Map<Integer, String> callIds = new HashMap<>();
    /** Calls (by index) that wait for approval: they stream as approval_request_message under the request's id. */
    private final Map<Integer, Boolean> waiting = new HashMap<>();
    private String lastType;
    private int index = -1;

    TokenStream(LoopState state, String stepId, String messageId, String approvalId, java.util.function.Predicate<String> gated) {
        this.state = state;
        this.stepId = stepId;
        this.messageId = messageId;
        this.approvalId = approvalId;
        this.gated = gated;
    }

    Uni<LlmResponse> consume(Multi<LlmChunk> chunks) {
        return chunks.onItem().invoke(this::forward)
                .select().where(c -> c instanceof LlmChunk.Done)
                .toUni()
                .map(c -> ((LlmChunk.Done) c).response());
    }

    private void forward(LlmChunk chunk) {
        switch (chunk) {
            case LlmChunk.TextDelta t -> send(start("assistant_message").put("content", t.text()));
            case LlmChunk.ReasoningDelta r -> send(start("reasoning_message").put("source", "reasoner_model").put("reasoning", r.text())
                    .putNull("signature"));
            case LlmChunk.ToolCallDelta d -> toolCall(d);
            case LlmChunk.Done ignored -> {
            }
        }
    }

    private void toolCall(LlmChunk.ToolCallDelta d) {
        if (d.id() != null) {
            callIds.put(d.index(), d.id());
        }
        if (d.name() != null && !waiting.containsKey(d.index())) {
            waiting.put(d.index(), gated.test(d.name()));
        }
        String id = callIds.get(d.index());
        if (id == null) {
            return; // no chunk before the tool call id is known
        }
        boolean approval = Boolean.TRUE.equals(waiting.get(d.index()));
        ObjectNode delta = JSON.objectNode();
        if (d.name() != null && (d.argumentsFragment() == null || d.argumentsFragment().isEmpty())) {
            delta.put("name", d.name());
        }
        if (d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
            delta.put("arguments", d.argumentsFragment());
        }
        delta.put("tool_call_id", id);
        ObjectNode m = approval ? start("approval_request_message", approvalId) : start("tool_call_message");
        m.set("tool_call", delta);
        m.set("tool_calls", delta.deepCopy());
        send(m);
    }

    private void send(ObjectNode chunk) {
        state.observer.delta(chunk);
    }

    private ObjectNode start(String type) {
        return start(type, messageId);
    }

    private ObjectNode start(String type, String id) {
        if (!type.equals(lastType)) {
            lastType = type;
            index++;
        }
        ObjectNode m = JSON.objectNode();
        m.put("id", id);
        m.put("date", DATE.format(Instant.now()));
        m.putNull("name");
        m.put("message_type", type);
        // the request for approval is a message of its own: its otid is its id, as stored
        m.put("otid", id.equals(messageId) ? otid(messageId, index) : id);
        m.putNull("sender_id");
        m.put("step_id", stepId);
        m.putNull("is_err");
        m.putNull("seq_id");
        m.put("run_id", state.runId);
        return m;
    }

    /** Letta's derived otid: the message UUID with its lowest 7 bits replaced by the sub-message index. */
    static String otid(String messageId, int index) {
        String hex = messageId.substring(messageId.indexOf('-') + 1).replace("-", "");
        java.math.BigInteger value = new java.math.BigInteger(hex, 16).andNot(java.math.BigInteger.valueOf(0x7F))
                .or(java.math.BigInteger.valueOf(index & 0x7F));
        String h = String.format("%032x", value);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }
}
