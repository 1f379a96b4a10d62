package dev.engram.bench.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the hosted-service machinery costs per step ({@link PairedRuns}: two suites side by side):
 * <ul>
 * <li>hosted: API keys on ({@code ENGRAM_AUTH=keys}, every call with a member key), usage metering on, and limits set
 * on the organisation (a rate limit and monthly budgets far above what the run uses, so every request goes through
 * the token bucket and every step through the budget check);</li>
 * <li>baseline: {@code ENGRAM_AUTH=none}, {@code ENGRAM_METERING=false}, no limits.</li>
 * </ul>
 * The ratio hosted / baseline of the per-step overhead is the figure (goal at most 1.1x).
 */
public final class HostedBench {

    public static void main(String[] args) throws Exception {
        System.out.println("Engram hosted-mode benchmark: per-step overhead with auth, metering and quotas on against off");
        PairedRuns.machine();
        try (PairedRuns paired = new PairedRuns(args)) {
            Path hostedHome = Files.createTempDirectory("engram-hosted-bench");
            Path baselineHome = Files.createTempDirectory("engram-baseline-bench");
            try (Suite hosted = new Suite(paired.root, hostedHome, paired.env(Map.of("ENGRAM_AUTH", "keys")));
                 Suite baseline = new Suite(paired.root, baselineHome, paired.env(Map.of("ENGRAM_AUTH", "none", "ENGRAM_METERING", "false")))) {
                hosted.up();
                baseline.up();
                System.out.printf("suites: hosted in %s, baseline in %s%n%n", hostedHome, baselineHome);
                Api hostedApi = memberApi(hosted);
                PairedRuns.Result r = paired.measure(hostedApi, new Api(baseline.baseUrl()));

                long metered = 0;
                for (com.fasterxml.jackson.databind.JsonNode line : hostedApi.get("/v1/usage").path("totals")) {
                    if ("llm_step".equals(line.path("meter").asText())) {
                        metered = line.path("events").asLong();
                    }
                }
                System.out.println("| suite | server overhead per step p50 / p99 (ms) |");
                System.out.println("|---|---|");
                System.out.printf("| baseline: ENGRAM_AUTH=none, ENGRAM_METERING=false, no limits | %.2f / %.2f |%n", r.b().p50(), r.b().p99());
                System.out.printf("| hosted: member API key, metering, rate limit and monthly budgets | %.2f / %.2f |%n", r.a().p50(), r.a().p99());
                System.out.printf("hosted / baseline overhead: p50 %.2fx, p99 %.2fx (goal <= 1.1x)%n", r.a().p50() / r.b().p50(),
                        r.a().p99() / r.b().p99());
                System.out.printf("llm_step usage events on the hosted suite: %d (steps sent: %d)%n", metered, paired.warmUp + paired.runs);
            }
        }
        System.out.printf("%nload average at the end: %s%n", Processes.loadAverage());
    }

    /**
     * The hosted suite's caller: a member key made with the bootstrap admin key that {@code ./engram up} wrote, and
     * limits set on the default organisation high enough never to refuse the benchmark.
     */
    private static Api memberApi(Suite suite) throws Exception {
        String adminKey = Files.readString(suite.home.resolve("bootstrap-admin-key")).trim();
        Api admin = new Api(suite.baseUrl(), adminKey);
        String org = admin.get("/v1/limits").path("organization_id").asText();
        admin.call("PUT", "/v1/admin/organizations/" + org + "/limits", Map.of(
                "requests_per_minute", 1_000_000, "burst", 100_000, "concurrent_runs", 1_000,
                "monthly_steps", 100_000_000, "monthly_tokens", 100_000_000_000L));
        String member = admin.post("/v1/api-keys", Map.of("name", "bench", "role", "member")).path("key").asText();
        return new Api(suite.baseUrl(), member);
    }
}
