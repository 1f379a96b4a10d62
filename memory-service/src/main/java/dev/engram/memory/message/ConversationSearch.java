package dev.engram.memory.message;

import java.util.List;

/**
 * The arguments of Letta's {@code conversation_search} tool, plus the agent's timezone (dates without a time are whole
 * days there; results show local timestamps).
 */
public record ConversationSearch(String query, List<String> roles, Integer limit, String startDate, String endDate,
                                 String timezone) {

    public static final int DEFAULT_LIMIT = 5;
    public static final int MAX_LIMIT = 100;
}
