package dev.engram.memory.web;

/**
 * Who is calling: the organization whose data is touched and the acting user. agent-service passes them as
 * {@code X-Engram-Org} and {@code X-Engram-Actor}; without them the default organization and user apply.
 */
public record Caller(String organizationId, String actorId) {

    public static final String ORG_HEADER = "X-Engram-Org";
    public static final String ACTOR_HEADER = "X-Engram-Actor";
    public static final String DEFAULT_ORG = "org-00000000-0000-4000-8000-000000000000";
    public static final String DEFAULT_USER = "user-00000000-0000-4000-8000-000000000000";

    public static Caller of(String org, String actor) {
        return new Caller(org == null || org.isBlank() ? DEFAULT_ORG : org, actor == null || actor.isBlank() ? DEFAULT_USER : actor);
    }
}
