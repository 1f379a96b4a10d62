package dev.engram.agent.loop;

import dev.engram.agent.llm.ToolChoice;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.tool.ToolEntity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one step offers the model: the agent's tools the rules allow now (a client tool of the same name hides an
 * agent tool), the request's client tools, whether the model must call one, and which calls pause the run for an
 * answer from outside (client tools, tools that require approval).
 *
 * @param available the agent's tools the rules reason about (before they filter)
 * @param parallel  whether one answer may hold several calls: only when the agent allows it and no rule but
 *                  requires_approval is set, as Letta does
 */
record ToolOffer(List<ToolSpec> specs, ToolChoice choice, ToolRules.Step step, Set<String> available, Set<String> gated,
                 Boolean parallel) {

    static ToolOffer of(LoopState s) {
        boolean memgpt = s.memgpt();
        Set<String> clientNames = new HashSet<>();
        s.clientTools.forEach(t -> clientNames.add(t.name()));
        List<ToolEntity> own = s.tools.stream().filter(t -> !clientNames.contains(t.name)).toList();
        Set<String> available = new LinkedHashSet<>();
        own.forEach(t -> available.add(t.name));
        ToolRules.Step step = s.rules.next(available, s.turnTools, s.lastToolOutput);
        List<ToolEntity> offered = own.stream().filter(t -> step.allows(t.name)).toList();
        List<ToolSpec> specs = new ArrayList<>(LlmMessages.tools(offered, memgpt));
        specs.addAll(memgpt ? LlmMessages.memgptSpecs(s.clientTools) : s.clientTools);
        Set<String> gated = new HashSet<>(clientNames);
        for (ToolEntity t : own) {
            if (s.rules.requiresApproval(t.name) || Boolean.TRUE.equals(t.defaultRequiresApproval)) {
                gated.add(t.name);
            }
        }
        ToolChoice choice = ToolChoice.AUTO;
        if (!specs.isEmpty()) {
            if (step.forced() != null) {
                choice = ToolChoice.tool(step.forced());
            } else if (memgpt || step.required()) {
                choice = ToolChoice.REQUIRED;
            }
        }
        boolean onlyApprovalRules = s.rules.rules().stream().allMatch(r -> r.type() == ToolRules.Type.requires_approval);
        boolean agentAllows = s.llmConfig != null && s.llmConfig.path("parallel_tool_calls").asBoolean(false);
        Boolean parallel = specs.isEmpty() ? null : agentAllows && onlyApprovalRules;
        return new ToolOffer(List.copyOf(specs), choice, step, Set.copyOf(available), Set.copyOf(gated), parallel);
    }

    boolean gated(String tool) {
        return gated.contains(tool);
    }

    /** Whether the model may call this tool now; client tools always. */
    boolean allows(String tool) {
        return !available.contains(tool) || step.allows(tool);
    }

    /** The names the model may call now, for a constraint error. */
    List<String> allowedNames() {
        return specs.stream().map(ToolSpec::name).toList();
    }
}
