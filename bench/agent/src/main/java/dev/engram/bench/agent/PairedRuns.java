package dev.engram.bench.agent;

import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The A/B harness of {@link HostedBench} and {@link TracesBench}: two suites side by side, each started by
 * {@code ./engram up} with its own ports and data, both answered by one scripted LLM in this JVM (a short text at
 * once). One-step runs alternate between them (which goes first rotates), one at a time; overhead = client-observed
 * latency of {@code POST /v1/agents/{id}/messages} minus the LLM's own time for the call. Options: {@code --runs},
 * {@code --warm-up-runs}, {@code --agents}.
 */
final class PairedRuns implements AutoCloseable {

    /** Each suite's agents and the overhead of its measured runs. */
    record Result(List<String> agentsA, List<String> agentsB, Latencies a, Latencies b) {
    }

    final Path root;
    final int runs;
    final int warmUp;
    final int agentCount;
    private final ScriptedOpenAiServer llm;
    private final LlmClock clock = new LlmClock();

    PairedRuns(String[] args) {
        Map<String, String> options = AgentBench.options(args);
        root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        runs = Integer.parseInt(options.getOrDefault("runs", "1000"));
        warmUp = Integer.parseInt(options.getOrDefault("warm-up-runs", "2000"));
        agentCount = Integer.parseInt(options.getOrDefault("agents", "50"));
        llm = new ScriptedOpenAiServer().keepRequests(false);
        llm.onAnswered(clock).defaultReply(request -> ScriptedReply.text("Noted, thanks.").withUsage(1000, 3));
    }

    /** A suite's variables: the scripted LLM as OpenAI, and {@code extra}. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "bench-key"));
        env.putAll(extra);
        return env;
    }

    /** Prints the machine and its load; call before the suites start. */
    static void machine() {
        System.out.printf("machine: %d CPUs, JDK %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Processes.loadAverage());
    }

    /** Makes the agents, warms both suites up, then measures both. */
    Result measure(Api a, Api b) throws Exception {
        List<String> agentsA = agents(a);
        List<String> agentsB = agents(b);
        long t0 = System.nanoTime();
        alternate(a, agentsA, b, agentsB, warmUp, "warm-up", null, null);
        System.out.printf("warmed up: %d runs on each suite in %.0f s%n%n", warmUp, (System.nanoTime() - t0) / 1e9);
        long[] overheadA = new long[runs];
        long[] overheadB = new long[runs];
        alternate(a, agentsA, b, agentsB, runs, "step", overheadA, overheadB);
        System.out.printf("Per-step overhead: %d one-step runs on each suite, alternating, one at a time over %d agents each "
                + "(letta_v1_agent quick-start agents). Overhead = client-observed latency of POST /v1/agents/{id}/messages minus the "
                + "LLM's own time for the call.%n", runs, agentCount);
        return new Result(agentsA, agentsB, Latencies.of(overheadA), Latencies.of(overheadB));
    }

    private List<String> agents(Api api) throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            agents.add(api.createQuickStartAgent("letta_v1_agent"));
        }
        return agents;
    }

    /** {@code count} one-step runs on each suite; the overheads into the arrays when they are given. */
    private void alternate(Api a, List<String> agentsA, Api b, List<String> agentsB, int count, String label, long[] overheadA,
                           long[] overheadB) throws Exception {
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 2; k++) {
                boolean first = (i + k) % 2 == 0; // which suite goes first rotates
                Api api = first ? a : b;
                String agent = (first ? agentsA : agentsB).get(i % agentsA.size());
                String text = label + " " + i + (first ? " a" : " b");
                long t0 = System.nanoTime();
                api.send(agent, text);
                long overhead = System.nanoTime() - t0 - clock.take(text);
                long[] into = first ? overheadA : overheadB;
                if (into != null) {
                    into[i] = overhead;
                }
            }
        }
    }

    @Override
    public void close() {
        llm.close();
    }
}
