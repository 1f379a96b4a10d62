package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The thread a run belongs to: the agent's own (the "default" conversation), or one of its conversations, with the
 * model the conversation chose instead of the agent's (null: the agent's) and that model's settings.
 */
public record RunThread(String conversationId, String model, JsonNode modelSettings) {

    public static final RunThread DEFAULT = new RunThread(null, null, null);

    public static RunThread of(String conversationId) {
        return new RunThread(conversationId, null, null);
    }
}
