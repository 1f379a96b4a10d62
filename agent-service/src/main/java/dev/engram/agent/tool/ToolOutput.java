package dev.engram.agent.tool;

import java.util.List;

/**
 * What a tool answered: the return text the model gets, and what the tool printed (sandboxed tools only; built-in
 * tools print nothing, so both lists are null for them).
 */
public record ToolOutput(String text, List<String> stdout, List<String> stderr) {

    public static ToolOutput of(String text) {
        return new ToolOutput(text, null, null);
    }
}
