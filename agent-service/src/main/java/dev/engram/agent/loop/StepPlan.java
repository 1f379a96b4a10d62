package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmUsage;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.List;

/**
 * A step between the LLM's answer and its commit: the assistant message with its tool calls and the step's input.
 * Stored before any tool runs, so that a replica taking over a dead replica's run executes the very same calls.
 * <p>
 * A step that answers waiting calls instead (an approval answer: no LLM call) has no assistant message: its inputs are
 * the stored answer and the results it gives (denials, client tools' results), {@code approved} the calls to run now,
 * and {@code followUps} the messages sent with the answer, committed after the results.
 */
// native image: written with an ObjectMapper (toJson), not by a resource
@RegisterForReflection
public record StepPlan(MessageData assistant, List<MessageData> inputs, LlmUsage usage, List<ToolCall> approved,
                       List<MessageData> followUps) {

    public StepPlan(MessageData assistant, List<MessageData> inputs, LlmUsage usage) {
        this(assistant, inputs, usage, null, null);
    }

    static StepPlan answering(List<MessageData> inputs, List<ToolCall> approved, List<MessageData> followUps) {
        return new StepPlan(null, inputs, null, approved, followUps);
    }

    /** Whether this step answers waiting calls rather than running the model's answer. */
    boolean answers() {
        return assistant == null;
    }

    /** The calls the step runs. */
    List<ToolCall> toolCalls() {
        return answers() ? (approved == null ? List.of() : approved) : calls(assistant);
    }

    public JsonNode toJson() {
        return JsonText.MAPPER.valueToTree(this);
    }

    public static StepPlan of(JsonNode json) {
        try {
            return JsonText.MAPPER.treeToValue(json, StepPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable step plan", e);
        }
    }

    /** The tool calls of the assistant message, with the arguments as stored. */
    static List<ToolCall> calls(MessageData assistant) {
        List<ToolCall> calls = new ArrayList<>();
        if (assistant.toolCalls() != null) {
            for (JsonNode c : assistant.toolCalls()) {
                calls.add(new ToolCall(c.path("id").asText(), c.path("function").path("name").asText(),
                        c.path("function").path("arguments").asText()));
            }
        }
        return calls;
    }
}
