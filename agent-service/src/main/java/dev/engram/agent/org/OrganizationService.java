package dev.engram.agent.org;

import dev.engram.agent.audit.AuditLog;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Organizations and their users; every change goes into the audit log of the organization it touches. */
@ApplicationScoped
public class OrganizationService {

    /** The name of the user a new organization starts with (its keys act as it unless they name another). */
    static final String FIRST_USER = "default_user";

    private final OrganizationRepository repo;
    private final AuditLog audit;

    public OrganizationService(OrganizationRepository repo, AuditLog audit) {
        this.repo = repo;
        this.audit = audit;
    }

    public Uni<List<Organization>> list() {
        return repo.all();
    }

    public Uni<Organization> get(String id) {
        return repo.find(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /** A new organization with one user, {@value #FIRST_USER}. */
    public Uni<Organization> create(String actorUser, NameBody body) {
        String name = NameBody.required(body);
        Instant now = Instant.now();
        Organization org = new Organization("org-" + UUID.randomUUID(), name, now, false);
        User first = new User("user-" + UUID.randomUUID(), FIRST_USER, org.id(), now, now, false);
        return repo.pool().withTransaction(tx -> repo.insert(tx, org).chain(() -> repo.insertUser(tx, first)))
                .call(() -> audit.record(org.id(), actorUser, "organization.create", "organization", org.id(),
                        Map.of("name", name, "first_user_id", first.id())))
                .replaceWith(org);
    }

    public Uni<Organization> rename(String actorUser, String id, NameBody body) {
        String name = NameBody.required(body);
        return repo.rename(id, name, Instant.now()).onItem().ifNull().failWith(() -> notFound(id))
                .call(o -> audit.record(id, actorUser, "organization.update", "organization", id, Map.of("name", name)));
    }

    /** Deletes an organization with its users and keys; 409 while it has agents, and always for the default one. */
    public Uni<Organization> delete(String actorUser, String id) {
        if (Actor.DEFAULT_ORG.equals(id)) {
            throw ApiException.conflict("The default organization cannot be deleted");
        }
        return get(id).call(o -> repo.deleteIfNoAgents(id).invoke(deleted -> {
                    if (!deleted) {
                        throw ApiException.conflict("Organization " + id + " still has agents: delete them first");
                    }
                }))
                .call(o -> audit.record(id, actorUser, "organization.delete", "organization", id, Map.of("name", o.name())));
    }

    public Uni<List<User>> users(String org) {
        return get(org).chain(o -> repo.users(org));
    }

    public Uni<User> createUser(String actorUser, String org, NameBody body) {
        String name = NameBody.required(body);
        Instant now = Instant.now();
        User user = new User("user-" + UUID.randomUUID(), name, org, now, now, false);
        return get(org).chain(o -> repo.insertUser(repo.pool(), user))
                .call(() -> audit.record(org, actorUser, "user.create", "user", user.id(), Map.of("name", name)))
                .replaceWith(user);
    }

    /** Deletes a user and its keys. */
    public Uni<User> deleteUser(String actorUser, String org, String id) {
        if (Actor.DEFAULT_USER.equals(id)) {
            throw ApiException.conflict("The default user cannot be deleted");
        }
        return repo.user(org, id).onItem().ifNull().failWith(() -> ApiException.notFound("User " + id + " not found"))
                .call(u -> repo.deleteUser(org, id))
                .call(u -> audit.record(org, actorUser, "user.delete", "user", id, Map.of("name", u.name())));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Organization " + id + " not found");
    }
}
