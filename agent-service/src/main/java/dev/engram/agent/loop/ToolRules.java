package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.web.ApiException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An agent's tool rules, Letta's nine types, and what they allow at each step of a turn. The rules see the turn's
 * tool calls so far, which survive a pause for approval: a turn resumed by an approval answer goes on under the same
 * rules as if it had never stopped.
 */
public final class ToolRules {

    /** Letta's rule types, by their wire names. */
    public enum Type {
        run_first, exit_loop, continue_loop, conditional, constrain_child_tools, max_count_per_step, parent_last_tool,
        required_before_exit, requires_approval
    }

    /**
     * One rule. {@code children} for constrain_child_tools and parent_last_tool; {@code maxCount} for
     * max_count_per_step; {@code outputMapping}, {@code defaultChild} and {@code requireOutputMapping} for conditional;
     * {@code args} are arguments a rule fills in (run_first's {@code args}, constrain_child_tools'
     * {@code child_arg_nodes}).
     */
    public record Rule(Type type, String tool, List<String> children, Integer maxCount, Map<String, String> outputMapping,
                       String defaultChild, boolean requireOutputMapping, JsonNode args, Map<String, JsonNode> childArgs) {
    }

    /**
     * What the next step may do: the tools it may call (null: every tool), whether it must call one, and the one it
     * must call when exactly one is allowed and a call is required.
     */
    public record Step(Set<String> allowed, boolean required, String forced) {

        public boolean allows(String tool) {
            return allowed == null || allowed.contains(tool);
        }
    }

    static final String DESCRIPTION = "The following constraints define rules for tool usage and guide desired behavior. These rules "
            + "must be followed to ensure proper tool execution and workflow. A single response may contain multiple tool calls.";

    public static final ToolRules NONE = new ToolRules(List.of());

    private final List<Rule> rules;

    private ToolRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    // --- reading and checking the wire form

    /** The rules as stored on an agent (validated when they were set); null or not a list is none. */
    public static ToolRules of(JsonNode json) {
        if (json == null || !json.isArray() || json.isEmpty()) {
            return NONE;
        }
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(rule(json.get(i), "tool_rules[" + i + "]"));
        }
        return new ToolRules(out);
    }

    /**
     * Checks a request's {@code tool_rules} and answers them in Letta's stored form (every field of the rule's type,
     * {@code prompt_template} null when not given); a malformed rule is a 422 naming the field.
     */
    public static ArrayNode validate(JsonNode json) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (json == null || json.isNull()) {
            return out;
        }
        if (!json.isArray()) {
            throw ApiException.unprocessable("tool_rules: Input should be a valid list");
        }
        for (int i = 0; i < json.size(); i++) {
            String field = "tool_rules[" + i + "]";
            JsonNode r = json.get(i);
            Rule rule = rule(r, field);
            ObjectNode stored = out.addObject();
            stored.put("tool_name", rule.tool());
            stored.put("type", rule.type().name());
            stored.set("prompt_template", r.hasNonNull("prompt_template") ? r.get("prompt_template") : JsonNodeFactory.instance.nullNode());
            switch (rule.type()) {
                case run_first -> stored.set("args", r.hasNonNull("args") ? r.get("args") : JsonNodeFactory.instance.nullNode());
                case constrain_child_tools -> {
                    stored.set("children", strings(rule.children()));
                    stored.set("child_arg_nodes", r.hasNonNull("child_arg_nodes") ? r.get("child_arg_nodes") : JsonNodeFactory.instance.nullNode());
                }
                case parent_last_tool -> stored.set("children", strings(rule.children()));
                case max_count_per_step -> stored.put("max_count_limit", rule.maxCount());
                case conditional -> {
                    stored.put("default_child", rule.defaultChild());
                    ObjectNode mapping = stored.putObject("child_output_mapping");
                    rule.outputMapping().forEach(mapping::put);
                    stored.put("require_output_mapping", rule.requireOutputMapping());
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static Rule rule(JsonNode r, String field) {
        if (r == null || !r.isObject()) {
            throw ApiException.unprocessable(field + ": Input should be a valid dictionary");
        }
        String typeName = r.path("type").asText(null);
        Type type;
        try {
            type = Type.valueOf(typeName == null ? "" : typeName);
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable(field + ".type: Input should be one of "
                    + java.util.Arrays.stream(Type.values()).map(t -> "'" + t.name() + "'").collect(Collectors.joining(", ")));
        }
        String tool = r.path("tool_name").isTextual() ? r.path("tool_name").asText() : null;
        if (tool == null || tool.isBlank()) {
            throw ApiException.unprocessable(field + ".tool_name: Field required");
        }
        List<String> children = List.of();
        Integer max = null;
        Map<String, String> mapping = Map.of();
        Map<String, JsonNode> childArgs = Map.of();
        switch (type) {
            case constrain_child_tools, parent_last_tool -> {
                children = stringList(r.get("children"), field + ".children");
                if (type == Type.constrain_child_tools && r.hasNonNull("child_arg_nodes")) {
                    childArgs = childArgs(r.get("child_arg_nodes"), children, field + ".child_arg_nodes");
                }
            }
            case max_count_per_step -> {
                JsonNode n = r.get("max_count_limit");
                if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
                    throw ApiException.unprocessable(field + ".max_count_limit: Field required (an integer)");
                }
                max = n.asInt();
                if (max < 1) {
                    throw ApiException.unprocessable(field + ".max_count_limit: Input should be greater than 0");
                }
            }
            case conditional -> {
                JsonNode m = r.get("child_output_mapping");
                if (m == null || !m.isObject() || m.isEmpty()) {
                    throw ApiException.unprocessable(field + ".child_output_mapping: Conditional tool rule must have at least one child tool.");
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isTextual()) {
                        throw ApiException.unprocessable(field + ".child_output_mapping." + e.getKey() + ": Input should be a valid string");
                    }
                    out.put(e.getKey(), e.getValue().asText());
                }
                mapping = out;
            }
            default -> {
            }
        }
        if (type == Type.run_first && r.hasNonNull("args") && !r.get("args").isObject()) {
            throw ApiException.unprocessable(field + ".args: Input should be a valid dictionary");
        }
        return new Rule(type, tool, children, max, mapping, r.path("default_child").isTextual() ? r.path("default_child").asText() : null,
                r.path("require_output_mapping").asBoolean(false), type == Type.run_first ? r.get("args") : null, childArgs);
    }

    private static List<String> stringList(JsonNode n, String field) {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw ApiException.unprocessable(field + ": Field required (a non-empty list of tool names)");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw ApiException.unprocessable(field + "[" + i + "]: Input should be a valid string");
            }
            out.add(n.get(i).asText());
        }
        return out;
    }

    private static Map<String, JsonNode> childArgs(JsonNode nodes, List<String> children, String field) {
        if (!nodes.isArray()) {
            throw ApiException.unprocessable(field + ": Input should be a valid list");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String name = node.path("name").asText(null);
            if (name == null || !children.contains(name)) {
                throw ApiException.unprocessable(field + "[" + i + "].name: must be one of the rule's children");
            }
            if (node.hasNonNull("args")) {
                if (!node.get("args").isObject()) {
                    throw ApiException.unprocessable(field + "[" + i + "].args: Input should be a valid dictionary");
                }
                out.put(name, node.get("args"));
            }
        }
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /**
     * Letta's base rules for an agent created with {@code include_base_tool_rules}: the tools that end a turn are
     * terminal, the other memory and messaging tools continue it.
     */
    public static ArrayNode base(Collection<String> toolNames) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (String name : toolNames) {
            boolean terminal = name.equals("send_message") || name.equals("send_message_to_agent_async") || name.equals("memory_finish_edits");
            if (!terminal && dev.engram.agent.tool.ToolRegistry.MULTI_AGENT_TOOLS.contains(name)) {
                continue; // Letta gives the multi-agent tools that wait for replies no base rule
            }
            out.addObject().put("tool_name", name).put("type", terminal ? "exit_loop" : "continue_loop").putNull("prompt_template");
        }
        return out;
    }

    /** The rules with a requires_approval rule for the tool added (once) or removed. */
    public static ArrayNode withApproval(JsonNode stored, String tool, boolean required) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        boolean present = false;
        if (stored != null && stored.isArray()) {
            for (JsonNode r : stored) {
                boolean isIt = "requires_approval".equals(r.path("type").asText()) && tool.equals(r.path("tool_name").asText());
                present |= isIt;
                if (!isIt || required) {
                    out.add(r);
                }
            }
        }
        if (required && !present) {
            out.addObject().put("tool_name", tool).put("type", "requires_approval").putNull("prompt_template");
        }
        return out;
    }

    // --- what the rules allow

    /**
     * The tools the next step may call, given the turn's calls so far and the last tool's result (its message, as the
     * conditional rules read it). A combination of rules that leaves nothing allows everything, as Letta does.
     */
    public Step next(Collection<String> available, List<String> history, String lastResult) {
        if (rules.isEmpty()) {
            return new Step(null, false, null);
        }
        Set<String> tools = new LinkedHashSet<>(available);
        if (history.isEmpty()) {
            Set<String> init = new LinkedHashSet<>();
            rules.stream().filter(r -> r.type() == Type.run_first && tools.contains(r.tool())).forEach(r -> init.add(r.tool()));
            if (!init.isEmpty()) {
                return step(init, true);
            }
        }
        String last = history.isEmpty() ? null : history.getLast();
        Set<String> allowed = new LinkedHashSet<>(tools);
        boolean constrained = false;
        for (Rule r : rules) {
            Set<String> set = switch (r.type()) {
                case constrain_child_tools -> r.tool().equals(last) ? new LinkedHashSet<>(r.children()) : null;
                case conditional -> r.tool().equals(last) ? conditional(r, lastResult, tools) : null;
                case max_count_per_step -> history.stream().filter(r.tool()::equals).count() >= r.maxCount() ? without(tools, r.tool()) : null;
                case parent_last_tool -> r.tool().equals(last) ? new LinkedHashSet<>(r.children()) : without(tools, r.children());
                default -> null;
            };
            if (set != null) {
                allowed.retainAll(set);
            }
            // after a tool that names what must follow it, the step must call a tool
            constrained |= last != null && r.tool().equals(last) && (r.type() == Type.constrain_child_tools || r.type() == Type.conditional);
        }
        if (allowed.isEmpty()) {
            return new Step(null, false, null);
        }
        return allowed.size() == tools.size() && !constrained ? new Step(null, false, null) : step(allowed, constrained);
    }

    private static Step step(Set<String> allowed, boolean required) {
        return new Step(Set.copyOf(allowed), required, required && allowed.size() == 1 ? allowed.iterator().next() : null);
    }

    private static Set<String> without(Set<String> tools, String name) {
        Set<String> out = new LinkedHashSet<>(tools);
        out.remove(name);
        return out;
    }

    private static Set<String> without(Set<String> tools, Collection<String> names) {
        Set<String> out = new LinkedHashSet<>(tools);
        out.removeAll(names);
        return out;
    }

    /** The child the last result maps to; no match: the default child, nothing when the mapping is required, else all. */
    private static Set<String> conditional(Rule r, String result, Set<String> tools) {
        String value = result == null ? "" : result.strip();
        for (Map.Entry<String, String> e : r.outputMapping().entrySet()) {
            if (matches(e.getKey(), value)) {
                return Set.of(e.getValue());
            }
        }
        if (r.requireOutputMapping()) {
            return Set.of();
        }
        return r.defaultChild() != null ? Set.of(r.defaultChild()) : tools;
    }

    /** Keys compare as booleans, then as numbers, then as text. */
    private static boolean matches(String key, String value) {
        if (key.equalsIgnoreCase("true") || key.equalsIgnoreCase("false")) {
            return key.equalsIgnoreCase(value);
        }
        try {
            return new BigDecimal(key).compareTo(new BigDecimal(value)) == 0;
        } catch (NumberFormatException e) {
            return key.equals(value);
        }
    }

    /** Calling this tool ends the turn (exit_loop). */
    public boolean terminal(String tool) {
        return has(Type.exit_loop, tool);
    }

    /** This tool keeps a memgpt turn going without a heartbeat (continue_loop). */
    public boolean continues(String tool) {
        return has(Type.continue_loop, tool);
    }

    /** A rule constrains what comes after this tool: memgpt turns go on to honour it. */
    public boolean leadsOn(String tool) {
        return rules.stream().anyMatch(r -> r.tool().equals(tool) && (r.type() == Type.constrain_child_tools
                || r.type() == Type.conditional || r.type() == Type.max_count_per_step));
    }

    public boolean requiresApproval(String tool) {
        return has(Type.requires_approval, tool);
    }

    /** required_before_exit tools (of those available) the turn has not called yet. */
    public List<String> uncalledRequired(Collection<String> available, Collection<String> history) {
        return rules.stream().filter(r -> r.type() == Type.required_before_exit && available.contains(r.tool())
                && !history.contains(r.tool())).map(Rule::tool).distinct().toList();
    }

    /** Arguments a rule fills in for this call (they win over the model's); null when none. */
    public JsonNode prefilled(String tool, List<String> history) {
        String last = history.isEmpty() ? null : history.getLast();
        for (Rule r : rules) {
            if (r.type() == Type.run_first && history.isEmpty() && r.tool().equals(tool) && r.args() != null && r.args().isObject()) {
                return r.args();
            }
            if (r.type() == Type.constrain_child_tools && r.tool().equals(last) && r.childArgs().containsKey(tool)) {
                return r.childArgs().get(tool);
            }
        }
        return null;
    }

    private boolean has(Type type, String tool) {
        return rules.stream().anyMatch(r -> r.type() == type && r.tool().equals(tool));
    }

    // --- what the model is told

    /** The {@code <tool_usage_rules>} section of the system prompt, or "" when no rule is worth telling. */
    public String render() {
        List<String> lines = rendered(null);
        if (lines.isEmpty()) {
            return "";
        }
        return "<tool_usage_rules>\n" + DESCRIPTION + "\n\n" + String.join("\n", lines) + "\n</tool_usage_rules>";
    }

    /** The error a call outside the allowed tools gets, with the rules it may have broken. */
    public String violation(String tool, Collection<String> allowed, String previous) {
        String text = "[ToolConstraintError] Cannot call " + tool + ", valid tools include: "
                + allowed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]")) + ".";
        List<String> hints = rendered(r -> r.tool().equals(tool) || r.tool().equals(previous));
        if (!hints.isEmpty()) {
            text += "\n** Hint: Possible rules that were violated:\n" + hints.stream().map(h -> "\t- " + h).collect(Collectors.joining("\n"));
        }
        return text;
    }

    /** Continue rules, then the child-like ones in declaration order, then parent rules, then terminal ones. */
    private List<String> rendered(java.util.function.Predicate<Rule> which) {
        List<String> out = new ArrayList<>();
        for (Type group : new Type[] {Type.continue_loop, null, Type.parent_last_tool, Type.exit_loop}) {
            for (Rule r : rules) {
                boolean inGroup = group == null ? (r.type() == Type.constrain_child_tools || r.type() == Type.conditional
                        || r.type() == Type.max_count_per_step) : r.type() == group;
                if (inGroup && (which == null || which.test(r))) {
                    out.add("<tool_rule>\n" + text(r) + "\n</tool_rule>");
                }
            }
        }
        return out;
    }

    private static String text(Rule r) {
        return switch (r.type()) {
            case continue_loop -> r.tool() + " requires continuing your response when called";
            case constrain_child_tools -> "After using " + r.tool() + ", you must use one of these tools: " + String.join(", ", r.children());
            case conditional -> r.tool() + " will determine which tool to use next based on its output";
            case max_count_per_step -> r.tool() + ": at most " + r.maxCount() + " use(s) per response";
            case parent_last_tool -> String.join(", ", r.children()) + " can only be used after " + r.tool();
            case exit_loop -> r.tool() + " ends your response (yields control) when called";
            default -> "";
        };
    }
}
