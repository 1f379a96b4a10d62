package dev.engram.agent.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.audit.AuditLog;
import dev.engram.agent.org.OrganizationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Reading and changing organizations' limits (the admin API) and an organization's own view with its usage. */
@ApplicationScoped
public class LimitsService {

    private final Limits limits;
    private final QuotaRepository repository;
    private final dev.engram.agent.memory.MemoryClient memory;
    private final OrganizationService organizations;
    private final AuditLog audit;

    public LimitsService(Limits limits, QuotaRepository repository, dev.engram.agent.memory.MemoryClient memory,
                         OrganizationService organizations, AuditLog audit) {
        this.limits = limits;
        this.repository = repository;
        this.memory = memory;
        this.organizations = organizations;
        this.audit = audit;
    }

    /** An existing organization's limits (unknown organization: 404). */
    public Uni<LimitsView> get(String org) {
        return organizations.get(org).chain(() -> limits.stored(org)).map(l -> LimitsView.of(org, l));
    }

    /** Every limit as the body gives it; absent or null = unlimited. Audited as {@code organization.limits.replace}. */
    public Uni<LimitsView> replace(String actorUser, String org, JsonNode body) {
        OrgLimits l = OrgLimits.UNLIMITED.with(body);
        return organizations.get(org).chain(() -> limits.store(org, l))
                .call(stored -> audit.record(org, actorUser, "organization.limits.replace", "organization", org, body))
                .map(stored -> LimitsView.of(org, stored));
    }

    /** The limits the body names changed (null = unlimited), the others kept. Audited as {@code organization.limits.update}. */
    public Uni<LimitsView> update(String actorUser, String org, JsonNode body) {
        OrgLimits.UNLIMITED.with(body); // validated before anything is read
        return organizations.get(org).chain(() -> limits.stored(org)).chain(current -> limits.store(org, current.with(body)))
                .call(stored -> audit.record(org, actorUser, "organization.limits.update", "organization", org, body))
                .map(stored -> LimitsView.of(org, stored));
    }

    /** The actor's organization's limits with this month's usage, its running runs and its archival passages. */
    public Uni<LimitsView> own(dev.engram.agent.web.Actor actor) {
        String org = actor.organizationId();
        return Uni.combine().all().unis(limits.stored(org), repository.usage(org, Instant.now()), memory.countPassages(actor)).asTuple()
                .map(t -> LimitsView.of(org, t.getItem1(), t.getItem2(), t.getItem3()));
    }
}
