package dev.engram.agent.loop;

import dev.engram.agent.memory.Block;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The compiled system prompt, byte for byte as Letta builds it: the template with {@code {CORE_MEMORY}} replaced (or
 * the memory appended after a blank line), where the memory is the rendered blocks and the memory metadata.
 */
public final class MemoryPrompt {

    public static final String CORE_MEMORY = "{CORE_MEMORY}";
    static final String LINE_NUMBER_WARNING = "# NOTE: Line numbers shown below (with arrows like '1→') are to help during editing. "
            + "Do NOT include line number prefixes in your memory edit tool calls.";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd hh:mm:ss a zzz", Locale.US);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx", Locale.US);

    private MemoryPrompt() {
    }

    /** What the memory metadata reports; {@code conversationId} null for the agent's own thread ("default"). */
    public record Metadata(String agentId, String conversationId, Instant recompiledAt, String timezone, long recallCount,
                           long archivalCount, List<String> archivalTags) {

        public Metadata(String agentId, Instant recompiledAt, String timezone, long recallCount, long archivalCount,
                        List<String> archivalTags) {
            this(agentId, null, recompiledAt, timezone, recallCount, archivalCount, archivalTags);
        }
    }

    public static String compile(String template, List<Block> blocks, boolean lineNumbers, Metadata metadata) {
        return compile(template, blocks, lineNumbers, "", metadata);
    }

    /** The prompt with the agent's {@code <tool_usage_rules>} (see {@link ToolRules#render}) after the blocks. */
    public static String compile(String template, List<Block> blocks, boolean lineNumbers, String toolRules, Metadata metadata) {
        return compile(template, blocks, lineNumbers, toolRules, null, metadata);
    }

    /**
     * The prompt with the tool rules and then the agent's {@code <directories>} section (its folders and files, see
     * folder.Directories; it starts with its own blank line) after the blocks, as Letta's memory compiler orders them.
     */
    public static String compile(String template, List<Block> blocks, boolean lineNumbers, String toolRules, String directories,
                                 Metadata metadata) {
        String rules = toolRules == null || toolRules.isEmpty() ? "" : "\n\n" + toolRules;
        String memory = blocks(blocks, lineNumbers) + rules + (directories == null ? "" : directories) + "\n\n" + metadata(metadata);
        return template.contains(CORE_MEMORY) ? template.replace(CORE_MEMORY, memory) : template + "\n\n" + memory;
    }

    /** Line-numbered blocks for letta_v1/memgpt_v2/sleeptime agents on Anthropic models, as Letta does. */
    public static boolean lineNumbered(String agentType, String modelEndpointType) {
        return "anthropic".equals(modelEndpointType)
                && ("letta_v1_agent".equals(agentType) || "memgpt_v2_agent".equals(agentType) || "sleeptime_agent".equals(agentType));
    }

    static String blocks(List<Block> blocks, boolean lineNumbers) {
        if (blocks.isEmpty() && !lineNumbers) {
            return "";
        }
        StringBuilder s = new StringBuilder("<memory_blocks>\nThe following memory blocks are currently engaged in your core memory unit:\n\n");
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String label = b.label() == null ? "block" : b.label();
            String value = b.value() == null ? "" : b.value();
            s.append('<').append(label).append(">\n");
            s.append("<description>\n").append(b.description() == null ? "" : b.description()).append("\n</description>\n");
            s.append("<metadata>");
            if (b.readOnly()) {
                s.append("\n- read_only=true");
            }
            s.append("\n- chars_current=").append(value.codePointCount(0, value.length()));
            s.append("\n- chars_limit=").append(b.limit()).append('\n');
            s.append("</metadata>\n");
            if (lineNumbers) {
                s.append("<warning>\n").append(LINE_NUMBER_WARNING).append("\n</warning>\n");
                s.append("<value>\n");
                if (!value.isEmpty()) {
                    String[] lines = value.split("\n", -1);
                    for (int n = 0; n < lines.length; n++) {
                        s.append(n + 1).append("→ ").append(lines[n]).append('\n');
                    }
                }
            } else {
                s.append("<value>\n").append(value).append('\n');
            }
            s.append("</value>\n");
            s.append("</").append(label).append(">\n");
            if (i != blocks.size() - 1) {
                s.append('\n');
            }
        }
        return s.append("\n</memory_blocks>").toString();
    }

    static String metadata(Metadata m) {
        StringBuilder s = new StringBuilder("<memory_metadata>");
        s.append("\n- AGENT_ID: ").append(m.agentId());
        s.append("\n- CONVERSATION_ID: ").append(m.conversationId() == null ? "default" : m.conversationId());
        s.append("\n- System prompt last recompiled: ").append(timestamp(m.recompiledAt(), m.timezone()));
        s.append("\n- ").append(m.recallCount()).append(" previous messages between you and the user are stored in recall memory");
        if (m.archivalCount() > 0) {
            s.append("\n- ").append(m.archivalCount())
                    .append(" total memories you created are stored in archival memory (use tools to access them)");
        }
        if (m.archivalTags() != null && !m.archivalTags().isEmpty()) {
            s.append("\n- Available archival memory tags: ").append(String.join(", ", m.archivalTags()));
        }
        return s.append("\n</memory_metadata>").toString();
    }

    /** Python's {@code strftime("%Y-%m-%d %I:%M:%S %p %Z%z")} in the agent's timezone. */
    public static String timestamp(Instant at, String timezone) {
        ZoneId zone = timezone == null || timezone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timezone);
        var t = at.atZone(zone);
        String name = zone.equals(ZoneOffset.UTC) ? "UTC" : STAMP.format(t).substring(23);
        return STAMP.format(t).substring(0, 22) + " " + name + OFFSET.format(t);
    }
}
