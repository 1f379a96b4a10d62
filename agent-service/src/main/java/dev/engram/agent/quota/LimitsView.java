package dev.engram.agent.quota;

/** An organization's limits (null = unlimited) and, for its own view, its usage against them. */
public record LimitsView(String organizationId, Long requestsPerMinute, Long burst, Long concurrentRuns, Long monthlySteps,
                         Long monthlyTokens, Long storagePassages, Usage usage) {

    /** This calendar month's (UTC) steps and tokens, the runs created or running now and the archival passages kept. */
    public record Usage(long monthlySteps, long monthlyTokens, long runningRuns, long storagePassages) {
    }

    static LimitsView of(String org, OrgLimits l) {
        return of(org, l, null, 0);
    }

    static LimitsView of(String org, OrgLimits l, QuotaRepository.Usage u, long passages) {
        return new LimitsView(org, l.requestsPerMinute(), l.burst(), l.concurrentRuns(), l.monthlySteps(), l.monthlyTokens(),
                l.storagePassages(), u == null ? null : new Usage(u.monthlySteps(), u.monthlyTokens(), u.activeRuns(), passages));
    }
}
