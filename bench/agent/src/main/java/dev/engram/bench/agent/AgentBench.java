package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The agent-loop benchmark. In one run, against the suite started by {@code ./engram up} with the scripted LLM
 * answering at once (in this JVM):
 * <ol>
 * <li>context tokens of a fresh quick-start agent's first call to the LLM, per agent type, as the LLM receives it,
 * against Letta's figures for the same agent;</li>
 * <li>the baseline: the bare round trip from this client to the scripted LLM, with that same call;</li>
 * <li>server overhead per step, one run at a time, with 1,000 agents existing;</li>
 * <li>messages/s and latency with 100 and with 1,000 agents talking at once (closed loop: each user sends the next
 * message when the last is answered);</li>
 * <li>server overhead per step with 1,000 agents receiving messages at half the saturation rate (open loop);</li>
 * <li>heap per idle agent in agent-service and memory-service.</li>
 * </ol>
 * Server overhead per step = the client-observed latency of a one-step run minus the time the scripted LLM spent on
 * its call (from receiving it to its last byte). It is everything the suite adds to the model's own time.
 */
public final class AgentBench {

    /** Letta's own figures for its default (quick-start) agent's context, not measured here: no Letta server runs. */
    private static final double LETTA_V1_TOKENS = 2100;
    private static final double LETTA_MEMGPT_V2_TOKENS = 2900;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int agentCount = Integer.parseInt(options.getOrDefault("agents", "1000"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "20"));
        int idleCount = Integer.parseInt(options.getOrDefault("idle-agents", "1000"));
        Path home = Files.createTempDirectory("engram-agent-bench");

        ScriptedOpenAiServer llm = new ScriptedOpenAiServer().keepRequests(false);
        LlmClock clock = new LlmClock();
        // fixed usage figures: the server would otherwise estimate them from the whole request, which costs CPU here
        // memgpt agents must call a tool (tool_choice required): they answer through send_message
        java.util.concurrent.atomic.AtomicLong callIds = new java.util.concurrent.atomic.AtomicLong();
        llm.onAnswered(clock).defaultReply(request -> "required".equals(request.path("tool_choice").asText())
                ? ScriptedReply.toolCalls(ScriptedReply.call("call_" + callIds.incrementAndGet(), "send_message", "{\"message\": \"Noted.\"}"))
                        .withUsage(1000, 3)
                : ScriptedReply.text("Noted.").withUsage(1000, 3));
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "bench-key"));
        if (options.containsKey("jfr")) {
            env.put("ENGRAM_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + home + "/%p.jfr,settings=profile");
        }

        System.out.println("Engram agent-loop benchmark (scripted LLM answering at once, in the benchmark's JVM)");
        System.out.printf("machine: %d CPUs, JDK %s, %s %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.arch"), Processes.loadAverage());
        System.out.printf("suite: ./engram up, data in %s%n%n", home);

        try (Suite suite = new Suite(root, home, env)) {
            suite.up();
            Api api = new Api(suite.baseUrl());
            Load load = new Load(api, clock);
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("agent-service", suite.pid("agent-service"));
            pids.put("memory-service", suite.pid("memory-service"));
            pids.put("postgres", suite.postmasterPid());
            pids.put("benchmark (client + LLM)", ProcessHandle.current().pid());

            JsonNode firstCall = contextTokens(api, clock);
            Latencies bare = Baseline.roundTrips(llm.baseUrl(), firstCall, 2000);
            System.out.printf("Baseline, bare round trip from this client to the scripted LLM with the call above (2,000 calls, one at a time): "
                    + "p50 %.2f ms, p99 %.2f ms%n%n", bare.p50(), bare.p99());

            long t0 = System.nanoTime();
            List<String> agents = createAgents(api, agentCount, 16);
            System.out.printf("created %d quick-start agents in %.1f s (%.0f agents/s)%n", agentCount, (System.nanoTime() - t0) / 1e9,
                    agentCount / ((System.nanoTime() - t0) / 1e9));
            List<String> warmUp = createAgents(api, 50, 16);
            double warmUpSeconds = Double.parseDouble(options.getOrDefault("warm-up", "30"));
            Load.Result warm = load.closed(warmUp, warmUpSeconds);
            System.out.printf("warmed up: %d runs on 50 other agents in %.0f s (closed loop)%n%n", warm.runs(), warmUpSeconds);

            System.out.println("Every run is one step: the scripted LLM answers plain text at once. Server overhead per step = client-observed "
                    + "latency minus the LLM's own time for the call (scripted server, request received to last byte sent).");
            System.out.println("| phase | runs | messages/s | latency p50 / p99 (ms) | server overhead per step p50 / p99 (ms) "
                    + "| LLM time p50 (ms) | CPU per step (ms): " + String.join(" / ", pids.keySet()) + " |");
            System.out.println("|---|---|---|---|---|---|---|");
            Breakdown breakdown = new Breakdown(suite.baseUrl());
            Map<String, double[]> timersBefore = breakdown.scrape();
            Load.Result sequential = measure("1 at a time, over " + agentCount + " agents", pids,
                    () -> load.sequential(agents, (int) Math.max(500, seconds * 40)));
            Map<String, double[]> timersAfter = breakdown.scrape();
            measure("closed loop, 100 agents", pids, () -> load.closed(agents.subList(0, Math.min(100, agentCount)), seconds));
            Load.Result saturated = measure("closed loop, " + agentCount + " agents", pids, () -> load.closed(agents, seconds));
            double rate = Math.max(1, Math.floor(saturated.perSecond() / 2));
            Load.Result open = measure("open loop at " + (int) rate + " msg/s, " + agentCount + " agents", pids,
                    () -> load.open(agents, rate, seconds));
            System.out.println();
            double route = Breakdown.meanMillis(timersBefore, timersAfter, "/v1/agents/{agent_id}/messages");
            double context = Breakdown.meanMillis(timersBefore, timersAfter, "/v1/agents/{agent}/context");
            double commit = Breakdown.meanMillis(timersBefore, timersAfter, "/v1/agents/{agent}/steps");
            double llmCall = Breakdown.meanMillis(timersBefore, timersAfter, "/chat/completions");
            if (!Double.isNaN(route)) System.out.printf("1 at a time, mean per step as agent-service times it: %.1f ms in the route, of which memory-service %.1f ms "
                    + "(context %.1f + step commit %.1f), the LLM call %.1f ms, agent-service's own work %.1f ms%n", route, context + commit,
                    context, commit, llmCall, route - context - commit - llmCall);
            System.out.printf("server overhead per step: 1 at a time p50 %.1f ms, p99 %.1f ms; %d agents at half saturation p50 %.1f ms, "
                    + "p99 %.1f ms; %d agents in a closed loop p50 %.1f ms, p99 %.1f ms (targets at 1,000 agents: p50 <= 5 ms, p99 <= 50 ms); "
                    + "baseline, bare scripted-LLM round trip p50 %.2f ms, p99 %.2f ms%n%n",
                    sequential.overhead().p50(), sequential.overhead().p99(), agentCount, open.overhead().p50(), open.overhead().p99(),
                    agentCount, saturated.overhead().p50(), saturated.overhead().p99(), bare.p50(), bare.p99());

            idleHeap(api, suite, idleCount);
            if (options.containsKey("jfr")) {
                System.out.printf("%nJFR recordings (written at ./engram down): %s/<pid>.jfr%n", home);
            }
        } finally {
            llm.close();
        }
        System.out.printf("%nload average at end: %s%n", Processes.loadAverage());
    }

    private interface Phase {
        Load.Result run() throws Exception;
    }

    private static Load.Result measure(String name, Map<String, Long> pids, Phase phase) throws Exception {
        Map<String, Double> before = cpu(pids);
        Load.Result r = phase.run();
        Map<String, Double> after = cpu(pids);
        List<String> cpu = new ArrayList<>();
        pids.keySet().forEach(k -> cpu.add("%.2f".formatted((after.get(k) - before.get(k)) / r.runs())));
        System.out.printf("| %s | %d | %.0f | %.1f / %.1f | %.1f / %.1f | %.2f | %s |%n", name, r.runs(), r.perSecond(), r.latency().p50(),
                r.latency().p99(), r.overhead().p50(), r.overhead().p99(), r.llm().p50(), String.join(" / ", cpu));
        return r;
    }

    private static Map<String, Double> cpu(Map<String, Long> pids) throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (var e : pids.entrySet()) {
            out.put(e.getKey(), e.getKey().equals("postgres") ? Processes.cpuMillisWithChildren(e.getValue())
                    : Processes.cpuMillis(e.getValue()));
        }
        return out;
    }

    /**
     * The first call a fresh quick-start agent of each type makes to the LLM, as the scripted LLM receives it (system
     * prompt with memory, the initial messages, the user's message and the tool schemas), counted with gpt-4o's
     * tokenizer; next to it what GET /v1/agents/{id}/context estimates before any message. Answers the letta_v1_agent call.
     */
    private static JsonNode contextTokens(Api api, LlmClock clock) throws Exception {
        System.out.println("Context tokens of a fresh quick-start agent's first LLM call (human + persona blocks, the message \"" + LlmClock.PROBE
                + " ...\"), as the LLM receives it, o200k tokens:");
        System.out.println("| agent type | system message | other messages | tool schemas (tools) | **total sent** | request bytes "
                + "| GET /context before any message | Letta, same agent |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        JsonNode v1 = null;
        for (String type : List.of("letta_v1_agent", "memgpt_v2_agent")) {
            String id = api.createQuickStartAgent(type);
            JsonNode c = api.get("/v1/agents/" + id + "/context");
            String probe = LlmClock.PROBE + " " + type;
            api.send(id, probe);
            clock.take(probe);
            JsonNode call = clock.body(probe);
            ContextTokens.Count n = ContextTokens.of(call);
            double letta = type.equals("letta_v1_agent") ? LETTA_V1_TOKENS : LETTA_MEMGPT_V2_TOKENS;
            System.out.printf("| %s | %d | %d (%d messages) | %d (%d) | **%d** | %d | %d | ~%.0f |%n", type, n.system(), n.messages(),
                    call.path("messages").size() - 1, n.tools(), n.toolCount(), n.total(), call.toString().length(),
                    c.path("context_window_size_current").asInt(), letta);
            if (v1 == null) {
                v1 = call;
            }
        }
        System.out.println();
        return v1;
    }

    /** Heap held per agent that exists and has talked but is not running, after full collections. */
    private static void idleHeap(Api api, Suite suite, int count) throws Exception {
        long agentPid = suite.pid("agent-service");
        long memoryPid = suite.pid("memory-service");
        long agentBefore = Processes.heapAfterGc(agentPid);
        long memoryBefore = Processes.heapAfterGc(memoryPid);
        List<String> idle = createAgents(api, count, 16);
        try (ExecutorService users = Executors.newFixedThreadPool(16)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < idle.size(); i++) {
                String agent = idle.get(i);
                int n = i;
                sent.add(users.submit(() -> {
                    api.send(agent, "hello " + n);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        long agentAfter = Processes.heapAfterGc(agentPid);
        long memoryAfter = Processes.heapAfterGc(memoryPid);
        System.out.printf("Heap per idle agent (%d more agents, each created and sent one message, then idle; heap after full GC):%n", count);
        System.out.println("| service | heap before | heap after | per idle agent |");
        System.out.println("|---|---|---|---|");
        row("agent-service", agentBefore, agentAfter, count);
        row("memory-service", memoryBefore, memoryAfter, count);
    }

    private static void row(String service, long before, long after, int count) {
        System.out.printf("| %s | %.1f MiB | %.1f MiB | %.0f bytes |%n", service, before / 1048576.0, after / 1048576.0,
                (after - before) / (double) count);
    }

    private static List<String> createAgents(Api api, int count, int parallel) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(pool.submit(() -> api.createQuickStartAgent("letta_v1_agent")));
            }
            for (Future<String> f : created) {
                ids.add(f.get());
            }
        }
        return ids;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                options.put(key, flag ? "true" : args[++i]);
            }
        }
        return options;
    }
}
