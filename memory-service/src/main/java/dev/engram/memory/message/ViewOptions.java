package dev.engram.memory.message;

import java.util.Set;

/**
 * How stored messages become Letta messages.
 *
 * @param useAssistantMessage    calls of {@code assistantToolName} become assistant_message (and their returns are hidden)
 * @param textIsAssistantMessage assistant text is the reply (letta_v1_agent) rather than inner thoughts (memgpt agents)
 * @param reverse                sub-messages of one message in reverse order (for newest-first listings)
 * @param includeTypes           only these message types, or null for all
 */
public record ViewOptions(boolean useAssistantMessage, String assistantToolName, String assistantToolKwarg,
                          boolean textIsAssistantMessage, boolean reverse, Set<String> includeTypes) {

    public static ViewOptions defaults() {
        return new ViewOptions(true, "send_message", "message", false, false, null);
    }
}
