package dev.engram.agent.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Reading and changing organizations' limits (the admin API) and an organization's own view with its usage. */
@ApplicationScoped
public class LimitsService {

    private final Limits limits;
    private final QuotaRepository repository;
    private final dev.engram.agent.memory.MemoryClient memory;

    public LimitsService(Limits limits, QuotaRepository repository, dev.engram.agent.memory.MemoryClient memory) {
        this.limits = limits;
        this.repository = repository;
        this.memory = memory;
    }

    public Uni<LimitsView> get(String org) {
        return limits.stored(org).map(l -> LimitsView.of(org, l));
    }

    /** Every limit as the body gives it; absent or null = unlimited. */
    public Uni<LimitsView> replace(String org, JsonNode body) {
        OrgLimits l = OrgLimits.UNLIMITED.with(body);
        return limits.store(org, l).map(stored -> LimitsView.of(org, stored));
    }

    /** The limits the body names changed (null = unlimited), the others kept. */
    public Uni<LimitsView> update(String org, JsonNode body) {
        OrgLimits.UNLIMITED.with(body); // validated before anything is read
        return limits.stored(org).chain(current -> limits.store(org, current.with(body))).map(stored -> LimitsView.of(org, stored));
    }

    /** The actor's organization's limits with this month's usage, its running runs and its archival passages. */
    public Uni<LimitsView> own(dev.engram.agent.web.Actor actor) {
        String org = actor.organizationId();
        return Uni.combine().all().unis(limits.stored(org), repository.usage(org, Instant.now()), memory.countPassages(actor)).asTuple()
                .map(t -> LimitsView.of(org, t.getItem1(), t.getItem2(), t.getItem3()));
    }
}
