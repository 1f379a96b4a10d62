package dev.engram.agent.web;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The caller as Letta sees it: the {@code user_id} header selects the user; without it the default user of the
 * default organization acts.
 */
public record Actor(String organizationId, String userId) {

    public static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";
    public static final String USER_HEADER = "user_id";
    public static final String DEFAULT_USER = "user-00000000-0000-4000-8000-000000000000";

    public static Actor of(HttpHeaders headers) {
        return ofUser(headers.getHeaderString(USER_HEADER));
    }

    /** The actor named by a {@code user_id} header value (null: the default user). */
    public static Actor ofUser(String user) {
        return new Actor(DEFAULT_ORG, user == null || user.isBlank() ? DEFAULT_USER : user);
    }
}
