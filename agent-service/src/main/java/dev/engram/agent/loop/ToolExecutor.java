package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.ToolRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one tool call and turns its outcome into the stored tool message. Failures the model can act on come back as
 * {@code status: error} results (the loop goes on); infrastructure failures fail the step.
 */
@ApplicationScoped
public class ToolExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolRegistry registry;

    public ToolExecutor(ToolRegistry registry) {
        this.registry = registry;
    }

    /** The outcome of one call. */
    record Result(MessageData message, boolean ok, boolean terminal, boolean changedMemory, boolean heartbeat, boolean invalid) {
    }

    Uni<Result> run(LoopState state, ToolCall call, String stepId) {
        JsonNode args;
        try {
            args = call.arguments() == null || call.arguments().isBlank() ? JSON.objectNode() : JsonText.MAPPER.readTree(call.arguments());
            if (!args.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String error = "Error: the arguments of " + call.name() + " are not a valid JSON object: " + call.arguments();
            return Uni.createFrom().item(result(state, call, stepId, false, JSON.textNode(error), error, false, false, false, true));
        }
        ObjectNode arguments = ((ObjectNode) args).deepCopy();
        arguments.remove(LlmMessages.THINKING);
        JsonNode beat = arguments.remove(LlmMessages.HEARTBEAT);
        boolean heartbeat = beat != null && (beat.asBoolean(false) || "true".equalsIgnoreCase(beat.asText()));
        List<String> allowed = state.tools.stream().map(t -> t.name).toList();
        Tool tool = registry.find(call.name()).filter(t -> allowed.contains(t.name())).orElse(null);
        if (tool == null) {
            String error = "[ToolConstraintError] Cannot call " + call.name() + ", valid tools include: "
                    + allowed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]")) + ".";
            return Uni.createFrom().item(result(state, call, stepId, false, JSON.textNode(error), error, false, false, heartbeat, false));
        }
        ToolCallContext context = new ToolCallContext(state.actor, state.agent.id, stepId, call.id(), arguments, state.agent.embedding,
                state.agent.timezone);
        return Uni.createFrom().deferred(() -> tool.execute(context))
                .map(output -> result(state, call, stepId, true, message(tool, output), null, tool.terminal(), tool.changesMemory(),
                        heartbeat, false))
                .onFailure(ToolFailure.class).recoverWithItem(f -> {
                    String error = ((ToolFailure) f).describe(tool.name());
                    return result(state, call, stepId, false, JSON.textNode(error), error, false, false, heartbeat, false);
                });
    }

    /** Structured results (the search tools) stay JSON; others are text, cut at the tool's character limit. */
    private static JsonNode message(Tool tool, String output) {
        String text = output == null ? "None" : output;
        if (tool.exemptFromTruncation()) {
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return JsonText.MAPPER.readTree(text);
                } catch (JsonProcessingException ignored) {
                    // plain text after all
                }
            }
            return JSON.textNode(text);
        }
        int limit = tool.returnCharLimit();
        int length = text.codePointCount(0, text.length());
        if (length > limit) {
            text = text.substring(0, text.offsetByCodePoints(0, limit)) + "... [NOTE: function output was truncated since it exceeded "
                    + "the character limit (" + length + " > " + limit + ")]";
        }
        return JSON.textNode(text);
    }

    private static Result result(LoopState state, ToolCall call, String stepId, boolean ok, JsonNode message, String error,
                                 boolean terminal, boolean changedMemory, boolean heartbeat, boolean invalid) {
        String packaged = packaged(ok, message, state.agent.timezone);
        ArrayNode content = JSON.arrayNode();
        content.addObject().put("type", "text").put("text", packaged);
        ArrayNode returns = JSON.arrayNode();
        ObjectNode r = returns.addObject();
        r.put("tool_call_id", call.id());
        r.put("status", ok ? "success" : "error");
        r.put("func_response", packaged);
        r.putNull("stdout");
        if (error == null) {
            r.putNull("stderr");
        } else {
            r.putArray("stderr").add(error);
        }
        MessageData m = new MessageData(InitialMessages.newId(), state.agent.id, "tool", content, call.name(), null, call.id(), returns,
                null, null, null, null, null, stepId, state.runId, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null);
        return new Result(m, ok, terminal, changedMemory, heartbeat, invalid);
    }

    /** Letta's packaged tool response: {@code {"status": "OK"|"Failed", "message": ..., "time": ...}}. */
    static String packaged(boolean ok, JsonNode message, String timezone) {
        return "{\"status\": \"" + (ok ? "OK" : "Failed") + "\", \"message\": " + message.toString() + ", \"time\": "
                + JSON.textNode(MemoryPrompt.timestamp(Instant.now(), timezone)).toString() + "}";
    }
}
