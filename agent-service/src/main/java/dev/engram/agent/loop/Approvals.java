package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.MessageCreate;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.web.ApiException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tool calls waiting for an answer from outside the run: calls of client tools and of tools that require approval.
 * The window says what waits: the last request for approval (a message of role {@code approval} holding the calls)
 * and the calls held back with it (the same answer's calls that need no approval), each until a result for it is
 * stored. So a pending approval survives any restart, and once answered it is no longer pending: it is never answered
 * twice. Each call may be answered on its own; the run goes on once none waits.
 */
public final class Approvals {

    static final String DENIED = "Error: request to call tool denied. User reason: ";
    static final String PENDING_TEXT = "CONFLICT: Cannot send a new message: The agent is waiting for approval on a tool call. "
            + "Please approve or deny the pending request before continuing.";
    static final String NOTHING_PENDING = "Cannot process approval response: No tool call is currently awaiting approval. "
            + "Please send a regular message to interact with the agent.";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Approvals() {
    }

    /** What waits in a window: the request message, its calls without a result, and the held-back calls without one. */
    record Pending(MessageData request, List<ToolCall> gated, List<ToolCall> held) {

        static final Pending NONE = new Pending(null, List.of(), List.of());

        boolean any() {
            return !gated.isEmpty();
        }

        List<String> gatedIds() {
            return gated.stream().map(ToolCall::id).toList();
        }
    }

    /** One answer: approve or deny a call, or the result of a client tool. */
    record Answer(String toolCallId, Boolean approve, String reason, JsonNode toolReturn, String status, JsonNode stdout,
                  JsonNode stderr) {

        boolean isResult() {
            return approve == null;
        }
    }

    static Pending pending(List<MessageData> window) {
        int request = -1;
        for (int i = window.size() - 1; i > 0; i--) {
            MessageData m = window.get(i);
            if ("approval".equals(m.role()) && m.toolCalls() != null && !m.toolCalls().isEmpty()) {
                request = i;
                break;
            }
            if ("user".equals(m.role()) || "assistant".equals(m.role()) && m.toolCalls() == null) {
                return Pending.NONE; // the turn moved on past any request
            }
        }
        if (request < 0) {
            return Pending.NONE;
        }
        MessageData req = window.get(request);
        Set<String> answered = new HashSet<>();
        for (int i = request + 1; i < window.size(); i++) {
            if ("tool".equals(window.get(i).role()) && window.get(i).toolCallId() != null) {
                answered.add(window.get(i).toolCallId());
            }
        }
        List<ToolCall> gated = StepPlan.calls(req).stream().filter(c -> !answered.contains(c.id())).toList();
        List<ToolCall> held = new ArrayList<>();
        MessageData before = request > 1 ? window.get(request - 1) : null;
        if (before != null && "assistant".equals(before.role()) && before.stepId() != null && before.stepId().equals(req.stepId())) {
            StepPlan.calls(before).stream().filter(c -> !answered.contains(c.id())).forEach(held::add);
        }
        return new Pending(req, gated, held);
    }

    /** A new message while calls wait: Letta's 409, with the request it waits on. */
    static ApiException pendingConflict(Pending p) {
        return new ApiException(409, PENDING_TEXT, Map.of("code", "PENDING_APPROVAL", "pending_request_id", p.request().id()));
    }

    /**
     * Checks a request against what waits in the window: a message while calls wait is a 409; an answer must name
     * waiting calls. Answers the answers (empty for a plain message request).
     */
    static List<Answer> check(AgentLoop.Input input, List<MessageData> window) {
        Pending p = pending(window);
        if (input.answer() == null) {
            if (p.any()) {
                throw pendingConflict(p);
            }
            return List.of();
        }
        return answers(input.answer(), p, "messages[0]");
    }

    /** The window's waiting request as Letta shows it in AgentState.pending_approval, or null. */
    public static ObjectNode pendingView(List<MessageData> window) {
        return requestView(pending(window), null);
    }

    /** The pending request as Letta shows it (AgentState.pending_approval), or null. */
    static ObjectNode requestView(Pending p, String runId) {
        if (!p.any()) {
            return null;
        }
        ArrayNode calls = JSON.arrayNode();
        for (ToolCall c : p.gated()) {
            calls.addObject().put("name", c.name()).put("arguments", c.arguments()).put("tool_call_id", c.id());
        }
        MessageData m = p.request();
        ObjectNode n = JSON.objectNode();
        n.put("id", m.id());
        n.put("date", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(java.time.ZoneOffset.UTC)
                .format(m.createdAt() == null ? Instant.now() : m.createdAt()));
        n.putNull("name");
        n.put("message_type", "approval_request_message");
        n.put("otid", m.otid());
        n.putNull("sender_id");
        n.put("step_id", m.stepId());
        n.putNull("is_err");
        n.putNull("seq_id");
        n.put("run_id", runId != null ? runId : m.runId());
        n.set("tool_call", calls.get(0).deepCopy());
        n.set("tool_calls", calls);
        return n;
    }

    /**
     * The answers an approval item gives, checked against what waits: every id must be a waiting call (the older form
     * may name the request message itself when one call waits), none twice.
     */
    static List<Answer> answers(MessageCreate item, Pending p, String field) {
        if (!p.any()) {
            throw ApiException.conflict(NOTHING_PENDING);
        }
        List<Answer> out = new ArrayList<>();
        JsonNode list = MessageCreate.TOOL_RETURN.equals(item.kind()) ? item.toolReturns() : item.approvals();
        if (list != null) {
            if (!list.isArray()) {
                throw ApiException.unprocessable(field + ": Input should be a valid list");
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(answer(list.get(i), field + "[" + i + "]", MessageCreate.TOOL_RETURN.equals(item.kind())));
            }
        }
        if (out.isEmpty() && item.approve() != null && item.approvalRequestId() != null) {
            out.add(new Answer(item.approvalRequestId(), item.approve(), item.reason(), null, null, null, null));
        }
        if (out.isEmpty()) {
            throw ApiException.unprocessable(field + ": approvals: List should have at least 1 item");
        }
        List<String> waiting = p.gatedIds();
        List<Answer> resolved = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Answer a : out) {
            String id = a.toolCallId();
            if (waiting.size() == 1 && id.equals(p.request().id())) {
                id = waiting.getFirst(); // the older form names the request message
            }
            if (!waiting.contains(id) || !seen.add(id)) {
                throw ApiException.unprocessable("Invalid tool call IDs. Expected '" + pyList(waiting) + "', but received '"
                        + pyList(out.stream().map(Answer::toolCallId).toList()) + "'.");
            }
            resolved.add(new Answer(id, a.approve(), a.reason(), a.toolReturn(), a.status(), a.stdout(), a.stderr()));
        }
        return resolved;
    }

    private static Answer answer(JsonNode n, String field, boolean toolReturnsOnly) {
        if (!n.isObject()) {
            throw ApiException.unprocessable(field + ": Input should be a valid dictionary");
        }
        String type = n.path("type").asText(toolReturnsOnly ? "tool" : n.has("approve") ? "approval" : "tool");
        String id = n.path("tool_call_id").isTextual() ? n.path("tool_call_id").asText() : null;
        if (id == null || id.isBlank()) {
            throw ApiException.unprocessable(field + ".tool_call_id: Field required");
        }
        switch (type) {
            case "approval" -> {
                if (!n.path("approve").isBoolean()) {
                    throw ApiException.unprocessable(field + ".approve: Field required (a boolean)");
                }
                JsonNode reason = n.get("reason");
                if (reason != null && !reason.isNull() && !reason.isTextual()) {
                    throw ApiException.unprocessable(field + ".reason: Input should be a valid string");
                }
                return new Answer(id, n.get("approve").asBoolean(), reason == null || reason.isNull() ? null : reason.asText(), null, null,
                        null, null);
            }
            case "tool" -> {
                JsonNode value = n.get("tool_return");
                if (value == null || !(value.isTextual() || value.isArray())) {
                    throw ApiException.unprocessable(field + ".tool_return: Field required (a string or a list of content parts)");
                }
                String status = n.path("status").asText(null);
                if (!"success".equals(status) && !"error".equals(status)) {
                    throw ApiException.unprocessable(field + ".status: Input should be 'success' or 'error'");
                }
                return new Answer(id, null, null, value, status, strings(n.get("stdout"), field + ".stdout"),
                        strings(n.get("stderr"), field + ".stderr"));
            }
            default -> throw ApiException.unprocessable(field + ".type: Input should be 'approval' or 'tool'");
        }
    }

    private static JsonNode strings(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw ApiException.unprocessable(field + ": Input should be a valid list");
        }
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw ApiException.unprocessable(field + ": Input should be a list of strings");
            }
        }
        return n;
    }

    /** Python's repr of a list of strings, as Letta's messages show ids. */
    static String pyList(List<String> ids) {
        return ids.stream().map(i -> "'" + i + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    /** The stored answer (role approval), as lists show it: approval_response_message. */
    static MessageData response(LoopState s, MessageCreate item, List<Answer> answers, String stepId) {
        ArrayNode approvals = JSON.arrayNode();
        for (Answer a : answers) {
            ObjectNode o = approvals.addObject();
            if (a.isResult()) {
                o.put("type", "tool").put("tool_call_id", a.toolCallId()).put("status", a.status());
                o.set("tool_return", a.toolReturn());
                o.set("stdout", a.stdout() == null ? JSON.nullNode() : a.stdout());
                o.set("stderr", a.stderr() == null ? JSON.nullNode() : a.stderr());
            } else {
                o.put("type", "approval").put("tool_call_id", a.toolCallId()).put("approve", a.approve()).put("reason", a.reason());
            }
        }
        return new MessageData(InitialMessages.newId(), s.agent.id, "approval", JSON.arrayNode(), null, null, null, null, approvals, null,
                item.otid(), item.senderId(), item.groupId(), stepId, s.runId, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null);
    }

    /** The stored results of the answers that need no execution: denials and client tools' results. */
    static List<MessageData> givenResults(LoopState s, Pending p, List<Answer> answers, String stepId) {
        Map<String, ToolCall> calls = new LinkedHashMap<>();
        p.gated().forEach(c -> calls.put(c.id(), c));
        List<MessageData> out = new ArrayList<>();
        for (Answer a : answers) {
            ToolCall call = calls.get(a.toolCallId());
            if (a.isResult()) {
                boolean ok = "success".equals(a.status());
                out.add(ToolExecutor.resultMessage(s, call, stepId, ok, JSON.textNode(text(a.toolReturn())), a.stdout(),
                        ok ? a.stderr() : errors(a)));
            } else if (!a.approve()) {
                String denial = DENIED + (a.reason() == null ? "None" : a.reason());
                out.add(ToolExecutor.resultMessage(s, call, stepId, false, JSON.textNode(denial), null, JSON.arrayNode().add(denial)));
            }
        }
        return out;
    }

    private static JsonNode errors(Answer a) {
        if (a.stderr() != null) {
            return a.stderr();
        }
        return JSON.arrayNode().add(text(a.toolReturn()));
    }

    /** The calls to run now: the approved ones, and the held-back ones with the first answer. */
    static List<ToolCall> approved(Pending p, List<Answer> answers) {
        Set<String> yes = answers.stream().filter(a -> Boolean.TRUE.equals(a.approve())).map(Answer::toolCallId).collect(Collectors.toSet());
        List<ToolCall> out = new ArrayList<>(p.held());
        p.gated().stream().filter(c -> yes.contains(c.id())).forEach(out::add);
        return out;
    }

    /** The message of a stored result (what the tool said, as the rules read it). */
    static String message(MessageData result) {
        JsonNode returns = result.toolReturns();
        String packaged = returns != null && returns.size() > 0 ? returns.get(0).path("func_response").asText() : "";
        try {
            JsonNode message = dev.engram.agent.json.JsonText.MAPPER.readTree(packaged).path("message");
            return message.isTextual() ? message.asText() : message.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return packaged;
        }
    }

    /** A tool return as text: a string, or its content parts' text (images are not passed on to the model). */
    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : value) {
            if (part.has("text")) {
                out.append(part.path("text").asText());
            } else if ("image".equals(part.path("type").asText())) {
                out.append("[image returned by the tool; the model receives tool results as text]");
            }
        }
        return out.toString();
    }
}
