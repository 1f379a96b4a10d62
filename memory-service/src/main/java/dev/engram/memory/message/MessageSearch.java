package dev.engram.memory.message;

import java.util.List;

/**
 * A full-text search over the organization's messages.
 *
 * @param query          words, any of which matches; null or none: the newest messages
 * @param roles          only these roles (Letta's MessageRole values); system and tool messages only when named
 * @param agentId        one agent's messages
 * @param agentIds       only these agents' messages (with {@code agentId}: both must hold)
 * @param conversationId {@code default}: messages of agents' own threads; a conversation id: its messages and the
 *                       history its window holds
 * @param limit          1..100, default 50
 * @param startDate      inclusive ISO date or date-time (UTC unless it names an offset)
 * @param endDate        inclusive, as {@code startDate}; a date alone is its whole day
 */
public record MessageSearch(String query, List<String> roles, String agentId, List<String> agentIds, String conversationId,
                            Integer limit, String startDate, String endDate) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
}
