package dev.engram.agent.web;

import dev.engram.agent.auth.Caller;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The caller as the services see it: its organization and user. During a request the auth filter has resolved the
 * caller ({@link Caller}, held by the request's Vert.x duplicated context): a key's organization and user win; without
 * a key (auth off, Letta's password mode) the organization is the caller's and the {@code user_id} header selects the
 * user, as in Letta, the default user when it is absent. Outside a request (tests calling beans) the default
 * organization acts; background work carries the Actor it was started with (runs store it).
 */
public record Actor(String organizationId, String userId) {

    public static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";
    public static final String USER_HEADER = "user_id";
    public static final String DEFAULT_USER = "user-00000000-0000-4000-8000-000000000000";

    public static Actor of(HttpHeaders headers) {
        return ofUser(headers.getHeaderString(USER_HEADER));
    }

    /** The actor of the current request, {@code user} being the user it names (a header, a body field; may be null). */
    public static Actor ofUser(String user) {
        Caller caller = Caller.current();
        if (caller != null && caller.userId() != null) {
            return new Actor(caller.organizationId(), caller.userId());
        }
        String org = caller == null ? DEFAULT_ORG : caller.organizationId();
        return new Actor(org, user == null || user.isBlank() ? DEFAULT_USER : user);
    }
}
