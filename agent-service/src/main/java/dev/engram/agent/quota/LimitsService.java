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

    public LimitsService(Limits limits, QuotaRepository repository) {
        this.limits = limits;
        this.repository = repository;
    }

    public Uni<LimitsView> get(String org) {
        return limits.stored(org).map(l -> LimitsView.of(org, l, null));
    }

    /** Every limit as the body gives it; absent or null = unlimited. */
    public Uni<LimitsView> replace(String org, JsonNode body) {
        OrgLimits l = OrgLimits.UNLIMITED.with(body);
        return limits.store(org, l).map(stored -> LimitsView.of(org, stored, null));
    }

    /** The limits the body names changed (null = unlimited), the others kept. */
    public Uni<LimitsView> update(String org, JsonNode body) {
        OrgLimits.UNLIMITED.with(body); // validated before anything is read
        return limits.stored(org).chain(current -> limits.store(org, current.with(body))).map(stored -> LimitsView.of(org, stored, null));
    }

    /** The organization's limits with this month's usage and its running runs. */
    public Uni<LimitsView> own(String org) {
        return limits.stored(org).chain(l -> repository.usage(org, Instant.now()).map(u -> LimitsView.of(org, l, u)));
    }
}
