package dev.engram.agent.llm;

import java.util.Objects;

/**
 * Whether the model may ({@link #AUTO}), must ({@link #REQUIRED}) or must not ({@link #NONE}) call a tool, or must call
 * one tool by name ({@link #tool(String)}).
 */
public record ToolChoice(Mode mode, String toolName) {

    public enum Mode { AUTO, REQUIRED, NONE, TOOL }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.TOOL) != (toolName != null)) {
            throw new IllegalArgumentException("a tool name goes with Mode.TOOL and only with it");
        }
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, Objects.requireNonNull(name, "name"));
    }
}
