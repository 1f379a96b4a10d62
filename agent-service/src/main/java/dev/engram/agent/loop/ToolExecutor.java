package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.mcp.McpToolRows;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolCatalog;
import dev.engram.agent.tool.ToolOutput;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.usage.UsageRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Runs one tool call and turns its outcome into the stored tool message. Failures the model can act on come back as
 * {@code status: error} results (the loop goes on); infrastructure failures fail the step.
 */
@ApplicationScoped
public class ToolExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ToolCatalog catalog;
    private final UsageRecorder usage;

    public ToolExecutor(ToolCatalog catalog, UsageRecorder usage) {
        this.catalog = catalog;
        this.usage = usage;
    }

    /**
     * The outcome of one call; {@code executed} says whether the tool ran (a call the rules refuse does not), and
     * {@code output} is what it answered, as conditional tool rules read it.
     */
    record Result(MessageData message, boolean ok, boolean terminal, boolean changedMemory, boolean heartbeat, boolean invalid,
                  boolean executed, String output) {
    }

    /** Runs a call the rules of the step allow (see {@link ToolOffer}); any other call gets Letta's constraint error. */
    Uni<Result> run(LoopState state, ToolCall call, String stepId, ToolOffer offer) {
        JsonNode args;
        try {
            args = call.arguments() == null || call.arguments().isBlank() ? JSON.objectNode() : JsonText.MAPPER.readTree(call.arguments());
            if (!args.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String error = notAnObject(call.name(), call.arguments());
            return Uni.createFrom().item(result(state, call, stepId, false, JSON.textNode(error), error, false, false, false, true));
        }
        ObjectNode arguments = ((ObjectNode) args).deepCopy();
        arguments.remove(LlmMessages.THINKING);
        JsonNode beat = arguments.remove(LlmMessages.HEARTBEAT);
        boolean heartbeat = beat != null && (beat.asBoolean(false) || "true".equalsIgnoreCase(beat.asText()));
        List<String> attached = state.tools.stream().map(t -> t.name).toList();
        Tool tool = state.tools.stream().filter(t -> t.name.equals(call.name())).findFirst().flatMap(catalog::executable).orElse(null);
        if (tool == null || offer != null && !offer.allows(call.name())) {
            List<String> allowed = offer == null ? attached : offer.allowedNames();
            String previous = state.turnTools.isEmpty() ? null : state.turnTools.getLast();
            String error = state.rules.violation(call.name(), allowed, previous);
            return Uni.createFrom().item(result(state, call, stepId, false, JSON.textNode(error), error, false, false, heartbeat, false));
        }
        JsonNode prefilled = state.rules.prefilled(call.name(), state.turnTools);
        if (prefilled != null) {
            arguments.setAll((ObjectNode) prefilled); // what a rule fills in wins over the model's arguments
        }
        ToolCallContext context = ToolCallContext.inStep(state.actor, state.agent.id, state.conversationId, stepId, call.id(), arguments,
                state.agent.embedding, state.agent.timezone, state.agent.environment(), state.callers).named(state.agent.name);
        return execute(tool, context).map(e -> e.ok()
                ? executed(result(state, call, stepId, true, message(tool, e.output()), e.stdout(), e.stderr(),
                        tool.terminal() || state.rules.terminal(tool.name()), tool.changesMemory(), heartbeat, false), e.output())
                : executed(result(state, call, stepId, false, JSON.textNode(e.error()), e.stdout(), withError(e.stderr(), e.error()),
                        false, false, heartbeat, false), e.error()));
    }

    /**
     * What running a tool came to: the tool's own return text, or the error it reported, worded as Letta's tool
     * executors word it ({@code Error executing function f: ValueError: ...}).
     */
    public record Execution(boolean ok, String output, String error, List<String> stdout, List<String> stderr) {
    }

    /**
     * Runs one tool: the loop's calls and a client's direct calls go through here alike. A failure the tool reports
     * ({@link ToolFailure}) is an error outcome; any other failure (memory-service down) fails the returned Uni. A run
     * that came to an outcome is metered ({@code tool_execution}, or {@code mcp_call} for an MCP server's tool) with
     * its wall time, under the call's idempotency key: a call run again after a crash counts once.
     */
    public Uni<Execution> execute(Tool tool, ToolCallContext context) {
        long[] started = new long[1];
        return Uni.createFrom().deferred(() -> {
                    started[0] = System.nanoTime();
                    return tool.run(context);
                })
                .map(output -> new Execution(true, output.text(), null, output.stdout(), output.stderr()))
                .onFailure(ToolFailure.class).recoverWithItem(f -> {
                    ToolFailure failure = (ToolFailure) f;
                    ToolOutput printed = failure.printed();
                    return new Execution(false, null, failure.describe(tool.name()), printed == null ? null : printed.stdout(),
                            printed == null ? null : printed.stderr());
                })
                .call(e -> usage.toolExecution(context.actor().organizationId(), context.agentId(), context.idempotencyKey(), tool.name(),
                        tool.type(), McpToolRows.TYPE.equals(tool.type()), (System.nanoTime() - started[0]) / 1_000_000, e.ok()));
    }

    /** The error of arguments that are not a JSON object. */
    public static String notAnObject(String tool, String arguments) {
        return "Error: the arguments of " + tool + " are not a valid JSON object: " + arguments;
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
        return result(state, call, stepId, ok, message, null, error == null ? null : List.of(error), terminal, changedMemory, heartbeat,
                invalid);
    }

    private static Result result(LoopState state, ToolCall call, String stepId, boolean ok, JsonNode message, List<String> stdout,
                                 List<String> stderr, boolean terminal, boolean changedMemory, boolean heartbeat, boolean invalid) {
        MessageData m = resultMessage(state, call, stepId, ok, message, lines(stdout), lines(stderr));
        return new Result(m, ok, terminal, changedMemory, heartbeat, invalid, false, null);
    }

    /** The stderr of a failed call: what the tool printed, then the error itself, as Letta shows it. */
    private static List<String> withError(List<String> stderr, String error) {
        List<String> out = new java.util.ArrayList<>(stderr == null ? List.of() : stderr);
        out.add(error);
        return out;
    }

    private static JsonNode lines(List<String> lines) {
        if (lines == null) {
            return null;
        }
        ArrayNode out = JSON.arrayNode();
        lines.forEach(out::add);
        return out;
    }

    private static Result executed(Result r, String output) {
        return new Result(r.message(), r.ok(), r.terminal(), r.changedMemory(), r.heartbeat(), r.invalid(), true, output);
    }

    /** The stored tool message of a call's result: Letta's packaged response, with stdout and stderr beside it. */
    static MessageData resultMessage(LoopState state, ToolCall call, String stepId, boolean ok, JsonNode message, JsonNode stdout,
                                     JsonNode stderr) {
        String packaged = packaged(ok, message, state.agent.timezone);
        ArrayNode content = JSON.arrayNode();
        content.addObject().put("type", "text").put("text", packaged);
        ArrayNode returns = JSON.arrayNode();
        ObjectNode r = returns.addObject();
        r.put("tool_call_id", call.id());
        r.put("status", ok ? "success" : "error");
        r.put("func_response", packaged);
        r.set("stdout", stdout == null ? JSON.nullNode() : stdout);
        r.set("stderr", stderr == null ? JSON.nullNode() : stderr);
        return new MessageData(InitialMessages.newId(), state.agent.id, "tool", content, call.name(), null, call.id(), returns,
                null, null, null, null, null, stepId, state.runId, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null);
    }

    /** Letta's packaged tool response: {@code {"status": "OK"|"Failed", "message": ..., "time": ...}}. */
    static String packaged(boolean ok, JsonNode message, String timezone) {
        return "{\"status\": \"" + (ok ? "OK" : "Failed") + "\", \"message\": " + message.toString() + ", \"time\": "
                + JSON.textNode(MemoryPrompt.timestamp(Instant.now(), timezone)).toString() + "}";
    }
}
