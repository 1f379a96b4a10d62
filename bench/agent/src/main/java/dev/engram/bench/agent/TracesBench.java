package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What keeping provider traces costs per step: two suites side by side, each started by {@code ./engram up} with its
 * own ports and data and answered by the same scripted LLM (in this JVM, answering at once), one with traces (the
 * default) and one with {@code ENGRAM_PROVIDER_TRACES_ENABLED=false}. One-step runs alternate between them (which goes
 * first rotates), one at a time; overhead = client-observed latency minus the LLM's own time for the call. Also prints
 * the size of the traces kept, read back through {@code GET /v1/steps/{id}/trace}.
 */
public final class TracesBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = AgentBench.options(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int runs = Integer.parseInt(options.getOrDefault("runs", "1000"));
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up-runs", "2000"));
        int agentCount = Integer.parseInt(options.getOrDefault("agents", "50"));

        ScriptedOpenAiServer llm = new ScriptedOpenAiServer().keepRequests(false);
        LlmClock clock = new LlmClock();
        llm.onAnswered(clock).defaultReply(request -> ScriptedReply.text("Noted, thanks.").withUsage(1000, 3));
        Map<String, String> common = Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "bench-key", "ENGRAM_AUTH", "none");

        System.out.println("Engram provider-traces benchmark: per-step overhead with each step's model request and answer kept, against not");
        System.out.printf("machine: %d CPUs, JDK %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Processes.loadAverage());

        Map<String, String> offEnv = new HashMap<>(common);
        offEnv.put("ENGRAM_PROVIDER_TRACES_ENABLED", "false");
        Path onHome = Files.createTempDirectory("engram-traces-bench");
        Path offHome = Files.createTempDirectory("engram-no-traces-bench");
        try (Suite on = new Suite(root, onHome, common); Suite off = new Suite(root, offHome, offEnv)) {
            on.up();
            off.up();
            System.out.printf("suites: traces in %s, no traces in %s%n%n", onHome, offHome);
            Api onApi = new Api(on.baseUrl());
            Api offApi = new Api(off.baseUrl());
            List<String> onAgents = HostedBench.agents(onApi, agentCount);
            List<String> offAgents = HostedBench.agents(offApi, agentCount);
            long t0 = System.nanoTime();
            HostedBench.alternate(onApi, onAgents, offApi, offAgents, clock, warmUp, "warm-up", null, null);
            System.out.printf("warmed up: %d runs on each suite in %.0f s%n%n", warmUp, (System.nanoTime() - t0) / 1e9);

            long[] onOverhead = new long[runs];
            long[] offOverhead = new long[runs];
            HostedBench.alternate(onApi, onAgents, offApi, offAgents, clock, runs, "step", onOverhead, offOverhead);

            System.out.printf("Per-step overhead: %d one-step runs on each suite, alternating, one at a time over %d agents each "
                    + "(letta_v1_agent quick-start agents). Overhead = client-observed latency of POST /v1/agents/{id}/messages minus the "
                    + "LLM's own time for the call.%n", runs, agentCount);
            System.out.println("| suite | server overhead per step p50 / p99 (ms) |");
            System.out.println("|---|---|");
            Latencies with = Latencies.of(onOverhead);
            Latencies without = Latencies.of(offOverhead);
            System.out.printf("| baseline: ENGRAM_PROVIDER_TRACES_ENABLED=false | %.2f / %.2f |%n", without.p50(), without.p99());
            System.out.printf("| provider traces kept (the default) | %.2f / %.2f |%n", with.p50(), with.p99());
            System.out.printf("traces / no traces overhead: p50 %.2fx, p99 %.2fx%n", with.p50() / without.p50(), with.p99() / without.p99());
            traceSizes(onApi, onAgents);
        } finally {
            llm.close();
        }
        System.out.printf("%nload average at the end: %s%n", Processes.loadAverage());
    }

    /** The size of the newest trace of each agent (its request grows with the agent's history). */
    private static void traceSizes(Api api, List<String> agents) throws Exception {
        long requestChars = 0;
        long responseChars = 0;
        int n = 0;
        for (String agent : agents) {
            JsonNode run = api.get("/v1/runs/?agent_id=" + agent + "&limit=1");
            String step = api.get("/v1/runs/" + run.path(0).path("id").asText() + "/steps?limit=1").path(0).path("id").asText();
            JsonNode trace = api.get("/v1/steps/" + step + "/trace");
            requestChars += trace.path("request_json").toString().length();
            responseChars += trace.path("response_json").toString().length();
            n++;
        }
        int messagesEach = api.get("/v1/agents/" + agents.getFirst() + "/messages?limit=1000").size();
        System.out.printf("trace size of an agent's last step (about %d messages in its history): request %.1f kB, answer %.1f kB "
                + "(mean of %d agents; stored as text, compressed by PostgreSQL beyond 2 kB)%n",
                messagesEach, requestChars / 1024.0 / n, responseChars / 1024.0 / n, n);
    }
}
