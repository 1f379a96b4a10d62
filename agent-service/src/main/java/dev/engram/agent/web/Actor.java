package dev.engram.agent.web;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The caller as Letta sees it: the {@code user_id} header selects the user; without it the default user of the
 * default organization acts.
 */
public record Actor(String organizationId, String userId) {

    public static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";
    public static final String DEFAULT_USER = "user-00000000-0000-4000-8000-000000000000";

    public static Actor of(HttpHeaders headers) {
        String user = headers.getHeaderString("user_id");
        return new Actor(DEFAULT_ORG, user == null || user.isBlank() ? DEFAULT_USER : user);
    }
}
