package dev.engram.bench.agent;

import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hosted-service machinery costs per step: two suites side by side, each started by {@code ./engram up} with
 * its own ports and data, both answered by the same scripted LLM (in this JVM, answering at once):
 * <ul>
 * <li>hosted: API keys on ({@code ENGRAM_AUTH=keys}, every call with a member key), usage metering on, and limits set
 * on the organisation (a rate limit and monthly budgets far above what the run uses, so every request goes through
 * the token bucket and every step through the budget check);</li>
 * <li>baseline: {@code ENGRAM_AUTH=none}, {@code ENGRAM_METERING=false}, no limits.</li>
 * </ul>
 * One-step runs alternate between the two (which goes first rotates), one at a time; overhead = client-observed
 * latency minus the LLM's own time for the call. The ratio hosted / baseline is the figure (goal at most 1.1x).
 */
public final class HostedBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = AgentBench.options(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int runs = Integer.parseInt(options.getOrDefault("runs", "1000"));
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up-runs", "2000"));
        int agentCount = Integer.parseInt(options.getOrDefault("agents", "50"));

        ScriptedOpenAiServer llm = new ScriptedOpenAiServer().keepRequests(false);
        LlmClock clock = new LlmClock();
        llm.onAnswered(clock).defaultReply(request -> ScriptedReply.text("Noted, thanks.").withUsage(1000, 3));
        Map<String, String> common = Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "bench-key");

        System.out.println("Engram hosted-mode benchmark: per-step overhead with auth, metering and quotas on against off");
        System.out.printf("machine: %d CPUs, JDK %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Processes.loadAverage());

        Map<String, String> hostedEnv = new HashMap<>(common);
        hostedEnv.put("ENGRAM_AUTH", "keys");
        Map<String, String> baselineEnv = new HashMap<>(common);
        baselineEnv.put("ENGRAM_AUTH", "none");
        baselineEnv.put("ENGRAM_METERING", "false");

        Path hostedHome = Files.createTempDirectory("engram-hosted-bench");
        Path baselineHome = Files.createTempDirectory("engram-baseline-bench");
        try (Suite hosted = new Suite(root, hostedHome, hostedEnv); Suite baseline = new Suite(root, baselineHome, baselineEnv)) {
            hosted.up();
            baseline.up();
            System.out.printf("suites: hosted in %s, baseline in %s%n%n", hostedHome, baselineHome);
            Api hostedApi = memberApi(hosted);
            Api baselineApi = new Api(baseline.baseUrl());

            List<String> hostedAgents = agents(hostedApi, agentCount);
            List<String> baselineAgents = agents(baselineApi, agentCount);
            long t0 = System.nanoTime();
            alternate(hostedApi, hostedAgents, baselineApi, baselineAgents, clock, warmUp, "warm-up", null, null);
            System.out.printf("warmed up: %d runs on each suite in %.0f s%n%n", warmUp, (System.nanoTime() - t0) / 1e9);

            long[] hostedOverhead = new long[runs];
            long[] baselineOverhead = new long[runs];
            alternate(hostedApi, hostedAgents, baselineApi, baselineAgents, clock, runs, "step", hostedOverhead, baselineOverhead);

            long metered = 0;
            for (com.fasterxml.jackson.databind.JsonNode line : hostedApi.get("/v1/usage").path("totals")) {
                if ("llm_step".equals(line.path("meter").asText())) {
                    metered = line.path("events").asLong();
                }
            }
            System.out.printf("Per-step overhead: %d one-step runs on each suite, alternating, one at a time over %d agents each. "
                    + "Overhead = client-observed latency of POST /v1/agents/{id}/messages minus the LLM's own time for the call.%n",
                    runs, agentCount);
            System.out.println("| suite | server overhead per step p50 / p99 (ms) |");
            System.out.println("|---|---|");
            Latencies h = Latencies.of(hostedOverhead);
            Latencies b = Latencies.of(baselineOverhead);
            System.out.printf("| baseline: ENGRAM_AUTH=none, ENGRAM_METERING=false, no limits | %.2f / %.2f |%n", b.p50(), b.p99());
            System.out.printf("| hosted: member API key, metering, rate limit and monthly budgets | %.2f / %.2f |%n", h.p50(), h.p99());
            System.out.printf("hosted / baseline overhead: p50 %.2fx, p99 %.2fx (goal <= 1.1x)%n", h.p50() / b.p50(), h.p99() / b.p99());
            System.out.printf("llm_step usage events on the hosted suite: %d (steps sent: %d)%n", metered, warmUp + runs);
        } finally {
            llm.close();
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

    static List<String> agents(Api api, int count) throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(api.createQuickStartAgent("letta_v1_agent"));
        }
        return agents;
    }

    /**
     * {@code runs} one-step runs on each suite, one at a time, which goes first rotating; the overhead of each (latency
     * minus the LLM's time) into the arrays when they are given.
     */
    static void alternate(Api hosted, List<String> hostedAgents, Api baseline, List<String> baselineAgents, LlmClock clock,
                          int runs, String label, long[] hostedOverhead, long[] baselineOverhead) throws Exception {
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                boolean hostedTurn = (i + k) % 2 == 0; // which suite goes first rotates
                Api api = hostedTurn ? hosted : baseline;
                String agent = (hostedTurn ? hostedAgents : baselineAgents).get(i % hostedAgents.size());
                String text = label + " " + i + (hostedTurn ? " hosted" : " baseline");
                long t0 = System.nanoTime();
                api.send(agent, text);
                long overhead = System.nanoTime() - t0 - clock.take(text);
                long[] into = hostedTurn ? hostedOverhead : baselineOverhead;
                if (into != null) {
                    into[i] = overhead;
                }
            }
        }
    }
}
