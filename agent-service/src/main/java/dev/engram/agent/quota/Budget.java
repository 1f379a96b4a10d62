package dev.engram.agent.quota;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Monthly steps and tokens and concurrent runs per organization, checked before a run is made and before each of its
 * steps (never inside one). Counted from the monthly counters the step records keep (usage_months) and the runs table, so every replica sees
 * the same usage; a run's concurrent slot is reserved by its insert (see {@link #beforeRun}). An organization without
 * these limits is never counted.
 */
@ApplicationScoped
public class Budget {

    /** Stop reason of a run whose budget ran out between steps (Letta's StopReasonType). */
    public static final String STOP_REASON = "insufficient_credits";
    /** What a request refused for too many runs at once is told to wait. */
    static final double CONCURRENT_RETRY_SECONDS = 1;

    private final Limits limits;
    private final QuotaRepository repository;

    public Budget(Limits limits, QuotaRepository repository) {
        this.limits = limits;
        this.repository = repository;
    }

    /**
     * Before a new run: fails with 402 when this month's steps or tokens are used up, 429 (with Retry-After) when the
     * organization already has its number of runs going. Answers the concurrent runs the new run must be stored within
     * (null: no limit): this early count refuses most requests over the limit cheaply, but only the insert reserves
     * the slot ({@link dev.engram.agent.run.RunService#store(dev.engram.agent.run.Run, Long)}), so that two requests
     * admitted here at once cannot both take the last one.
     */
    public Uni<Long> beforeRun(String org) {
        return limits.of(org).chain(l -> {
            if (!l.budgeted()) {
                return Uni.createFrom().nullItem();
            }
            return repository.usage(org, Instant.now()).map(u -> {
                String spent = spent(l, u);
                if (spent != null) {
                    throw QuotaExceeded.budget(spent);
                }
                if (l.concurrentRuns() != null && u.activeRuns() >= l.concurrentRuns()) {
                    throw tooManyRuns(org, l.concurrentRuns());
                }
                return l.concurrentRuns();
            });
        });
    }

    /** 429 for a run over the organization's concurrent runs. */
    public static QuotaExceeded tooManyRuns(String org, long concurrentRuns) {
        return QuotaExceeded.tooMany("Too many concurrent runs: organization " + org + " may have " + concurrentRuns
                + " runs going at once", CONCURRENT_RETRY_SECONDS);
    }

    /** Before a step: whether this month's budget allows it (the run stops with {@link #STOP_REASON} if not). */
    public Uni<Boolean> allowsStep(String org) {
        return limits.of(org).chain(l -> l.monthlySteps() == null && l.monthlyTokens() == null ? Uni.createFrom().item(true)
                : repository.monthly(org, Instant.now()).map(u -> spent(l, u) == null));
    }

    /** Why the month's budget is used up, or null while it is not. */
    static String spent(OrgLimits l, QuotaRepository.Usage u) {
        if (l.monthlySteps() != null && u.monthlySteps() >= l.monthlySteps()) {
            return "Insufficient credits: the monthly budget of " + l.monthlySteps() + " steps is used up (" + u.monthlySteps()
                    + " steps this month)";
        }
        if (l.monthlyTokens() != null && u.monthlyTokens() >= l.monthlyTokens()) {
            return "Insufficient credits: the monthly budget of " + l.monthlyTokens() + " tokens is used up (" + u.monthlyTokens()
                    + " tokens this month)";
        }
        return null;
    }
}
