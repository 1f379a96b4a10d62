package dev.engram.agent.tool.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolOutput;
import dev.engram.agent.tool.sandbox.PipRequirement;
import dev.engram.agent.tool.sandbox.PythonCall;
import dev.engram.agent.tool.sandbox.PythonRunner;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One custom tool as the loop runs it. A function that takes {@code agent_state} gets the agent's blocks; the
 * values it changes are written back as block rewrites, keyed by the call, so the prompt shows them next step.
 */
final class SandboxedTool implements Tool {

    private final ToolEntity row;
    private final PythonRunner runner;
    private final MemoryClient memory;
    private final boolean takesAgentState;

    SandboxedTool(ToolEntity row, PythonRunner runner, MemoryClient memory) {
        this.row = row;
        this.runner = runner;
        this.memory = memory;
        this.takesAgentState = takesAgentState(row.sourceCode, row.name);
    }

    /**
     * Whether {@code def name(...)} lists a parameter {@code agent_state}: the parameter list is read up to its own
     * closing parenthesis (defaults may hold calls and tuples), string literals skipped. The schema parser knows this
     * too, but it runs a Python process; this is asked on every call.
     */
    static boolean takesAgentState(String source, String name) {
        if (source == null) {
            return false;
        }
        Matcher def = Pattern.compile("(?m)^\\s*(?:async\\s+)?def\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(source);
        while (def.find()) {
            StringBuilder params = new StringBuilder();
            int depth = 1;
            char quote = 0;
            for (int i = def.end(); i < source.length() && depth > 0; i++) {
                char c = source.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                switch (c) {
                    case '\'', '"' -> quote = c;
                    case '(', '[', '{' -> depth++;
                    case ')', ']', '}' -> depth--;
                    default -> { }
                }
                if (depth == 1) {
                    params.append(c);
                } else if (depth == 2 && (c == '(' || c == '[' || c == '{')) {
                    params.append(' '); // what is nested (defaults, annotations' arguments) is no parameter name
                }
            }
            if (Pattern.compile("(?:^|,)\\s*\\**agent_state\\b").matcher(params).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return row.name;
    }

    @Override
    public String type() {
        return CustomTools.TYPE;
    }

    @Override
    public String description() {
        return row.description;
    }

    @Override
    public ObjectNode parameters() {
        JsonNode p = row.jsonSchema == null ? null : row.jsonSchema.get("parameters");
        return p instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode().put("type", "object");
    }

    @Override
    public int returnCharLimit() {
        return row.returnCharLimit;
    }

    @Override
    public boolean changesMemory() {
        return takesAgentState;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        return run(call).map(ToolOutput::text);
    }

    @Override
    public Uni<ToolOutput> run(ToolCallContext call) {
        Uni<List<Block>> blocks = takesAgentState ? memory.agentBlocks(call.actor(), call.agentId()) : Uni.createFrom().item(List.of());
        return blocks.chain(b -> runner.call(new PythonCall(row.sourceCode, row.name, call.arguments(), call.environment(), call.agentId(),
                        network(row), requirements(row), takesAgentState ? b : null)))
                .chain(r -> writeBack(call, r.changedBlocks()).replaceWith(r.output()));
    }

    /** The tool's own sandbox settings: {@code metadata_.sandbox.network: true} lets it reach the network. */
    static boolean network(ToolEntity row) {
        return row.metadata != null && row.metadata.path("sandbox").path("network").asBoolean(false);
    }

    static List<PipRequirement> requirements(ToolEntity row) {
        List<PipRequirement> out = new java.util.ArrayList<>();
        if (row.pipRequirements != null) {
            row.pipRequirements.forEach(r -> out.add(new PipRequirement(r.path("name").asText(), r.path("version").isTextual()
                    ? r.path("version").asText() : null)));
        }
        return out;
    }

    private Uni<Void> writeBack(ToolCallContext call, Map<String, String> changed) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> c : changed.entrySet()) {
            MemoryRecords.BlockEdit edit = new MemoryRecords.BlockEdit("rethink", c.getValue(), null, null, null, call.toolCallId(), null);
            all = all.chain(() -> memory.editAgentBlock(call.actor(), call.idempotencyKey() + ":" + c.getKey(), call.agentId(), c.getKey(), edit,
                    call.conversationId()).replaceWithVoid());
        }
        return all;
    }
}
