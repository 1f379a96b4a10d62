package dev.engram.agent.auth;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;

/**
 * Who administers what. An admin key manages its own organization; the admins of the default organization (the
 * deployment's operators, who hold the bootstrap key) also create, list and delete the other organizations and manage
 * their users and keys. Another organization's id is a 404 for everyone else. Auth off: the caller is an operator.
 */
public final class Admins {

    private static final Caller ANONYMOUS = new Caller(Actor.DEFAULT_ORG, null, Role.ADMIN, null, null);

    private Admins() {
    }

    /** The current request's caller (auth off or outside a request: the default organization's admin). */
    public static Caller caller() {
        Caller c = Caller.current();
        return c == null ? ANONYMOUS : c;
    }

    public static boolean operator(Caller c) {
        return c.role() == Role.ADMIN && Actor.DEFAULT_ORG.equals(c.organizationId()) && c.agentId() == null;
    }

    /** The organization the caller may administer by this id; 404 when it may not. */
    public static String organization(Caller c, String orgId) {
        if (operator(c) || c.organizationId().equals(orgId)) {
            return orgId;
        }
        throw ApiException.notFound("Organization " + orgId + " not found");
    }

    /** Only operators: organizations as a whole (list, create, delete). */
    public static void requireOperator(Caller c) {
        if (!operator(c)) {
            throw new ApiException(403, "Forbidden: managing organizations needs an admin key of the default organization");
        }
    }

    /** The user the caller acts as (the key's user; without a key the user_id header's, as {@link Actor} says). */
    public static String actorUser(Caller c, String userHeader) {
        return c.userId() != null ? c.userId() : Actor.ofUser(userHeader).userId();
    }
}
