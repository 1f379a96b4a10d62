package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What background runs cost, against the suite started by {@code ./engram up} with the scripted LLM answering at once
 * (in this JVM):
 * <ol>
 * <li>resume cost: {@code POST /v1/runs/{id}/stream} of a finished background run of 1,000 frames, from its start and
 * from its middle: time to the first replayed frame and to the end of the replay, against a plain
 * {@code GET /v1/runs/{id}} in the same run;</li>
 * <li>per-step overhead of {@code background: true} against the same streaming request in the foreground,
 * alternating one run of each at a time over the same agents: client-observed latency (request sent to [DONE]) minus
 * the LLM's own time for the call.</li>
 * </ol>
 */
public final class StreamBench {

    private static final String LONG = "long answer";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = AgentBench.options(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        int resumes = Integer.parseInt(options.getOrDefault("resumes", "300"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "400"));
        int words = Integer.parseInt(options.getOrDefault("words", "20"));
        Path home = Files.createTempDirectory("engram-stream-bench");

        ScriptedOpenAiServer llm = new ScriptedOpenAiServer().keepRequests(false);
        LlmClock clock = new LlmClock();
        String longText = words(1000);
        String stepText = words(words);
        llm.onAnswered(clock).defaultReply(request -> ScriptedReply.text(ScriptedOpenAiServer.lastUserText(request).startsWith(LONG) ? longText : stepText)
                .withUsage(1000, 3));
        Map<String, String> env = Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "bench-key");

        System.out.println("Engram background-stream benchmark (scripted LLM answering at once, in the benchmark's JVM)");
        System.out.printf("machine: %d CPUs, JDK %s; load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Processes.loadAverage());
        System.out.printf("suite: ./engram up, data in %s%n%n", home);

        try (Suite suite = new Suite(root, home, env)) {
            suite.up();
            Api api = new Api(suite.baseUrl());
            Sse sse = new Sse(suite.baseUrl());
            // enough agents that no window grows long: a step's cost grows with its agent's window
            List<String> agents = new ArrayList<>();
            for (int i = 0; i < Math.max(20, runs / 2); i++) {
                agents.add(api.createQuickStartAgent("letta_v1_agent"));
            }
            warmUp(api, sse, clock, Integer.parseInt(options.getOrDefault("warm-up-runs", "3000")));
            resumeCost(api, sse, agents.getFirst(), resumes);
            stepOverhead(api, sse, agents, clock, runs, words);
        } finally {
            llm.close();
        }
        System.out.printf("%nload average at the end: %s%n", Processes.loadAverage());
    }

    private static void resumeCost(Api api, Sse sse, String agent, int resumes) throws Exception {
        Sse.Read original = sse.post("/v1/agents/" + agent + "/messages", request(LONG + " 1", Mode.BACKGROUND), System.nanoTime());
        String run = original.sequenced().getFirst().path("run_id").asText();
        int frames = original.sequenced().size();
        long lastSeq = original.sequenced().getLast().path("seq_id").asLong();
        if (!"completed".equals(api.get("/v1/runs/" + run).path("status").asText())) {
            throw new IllegalStateException("the long run did not complete");
        }
        long[] getNanos = new long[resumes];
        long[] firstFromStart = new long[resumes];
        long[] endFromStart = new long[resumes];
        long[] firstFromMiddle = new long[resumes];
        long[] endFromMiddle = new long[resumes];
        for (int i = 0; i < resumes; i++) {
            long t0 = System.nanoTime();
            api.get("/v1/runs/" + run);
            getNanos[i] = System.nanoTime() - t0;

            Sse.Read all = sse.post("/v1/runs/" + run + "/stream", Map.of("starting_after", 0, "include_pings", false), System.nanoTime());
            check(all, frames, 1, run);
            firstFromStart[i] = all.firstFrameNanos();
            endFromStart[i] = all.endNanos();

            long middle = lastSeq / 2;
            Sse.Read half = sse.post("/v1/runs/" + run + "/stream", Map.of("starting_after", middle, "include_pings", false),
                    System.nanoTime());
            check(half, (int) (lastSeq - middle), middle + 1, run);
            firstFromMiddle[i] = half.firstFrameNanos();
            endFromMiddle[i] = half.endNanos();
        }
        Latencies get = Latencies.of(getNanos);
        System.out.printf("Resume cost: a finished background run of %d frames with a seq_id (%d SSE frames in all; one "
                + "streamed token each), POST /v1/runs/{id}/stream %d times each, one at a time%n", frames, original.frames().size() + 1, resumes);
        System.out.println("| what | first frame p50 / p99 (ms) | whole replay p50 / p99 (ms) |");
        System.out.println("|---|---|---|");
        row("resume from the start (starting_after=0, 1,000 frames)", Latencies.of(firstFromStart), Latencies.of(endFromStart));
        row("resume from the middle (starting_after=" + lastSeq / 2 + ")", Latencies.of(firstFromMiddle), Latencies.of(endFromMiddle));
        System.out.printf("| baseline: GET /v1/runs/{id} of the same run | %.2f / %.2f | |%n%n", get.p50(), get.p99());
    }

    private static void check(Sse.Read read, int expected, long firstSeq, String run) {
        List<JsonNode> seq = read.sequenced();
        if (seq.size() != expected || seq.getFirst().path("seq_id").asLong() != firstSeq) {
            throw new IllegalStateException("resume of " + run + " replayed " + seq.size() + " frames from seq_id "
                    + (seq.isEmpty() ? "-" : seq.getFirst().path("seq_id").asText()) + ", expected " + expected + " from " + firstSeq);
        }
    }

    /** The request modes compared, one run of each in turn: the ratio of the last to the one before is the figure. */
    private enum Mode {
        JSON("foreground, JSON answer (no stream)", false, false, false),
        STEPS("foreground, step streaming", true, false, false),
        TOKENS("foreground, token streaming (baseline)", true, true, false),
        BACKGROUND("background, token streaming", true, true, true);

        final String label;
        final boolean streaming;
        final boolean tokens;
        final boolean background;

        Mode(String label, boolean streaming, boolean tokens, boolean background) {
            this.label = label;
            this.streaming = streaming;
            this.tokens = tokens;
            this.background = background;
        }
    }

    private static void stepOverhead(Api api, Sse sse, List<String> agents, LlmClock clock, int runs, int words) throws Exception {
        Mode[] modes = Mode.values();
        long[][] latency = new long[modes.length][runs];
        long[][] overhead = new long[modes.length][runs];
        for (int i = 0; i < runs; i++) {
            String agent = agents.get(i % agents.size());
            for (int k = 0; k < modes.length; k++) {
                Mode m = modes[(i + k) % modes.length]; // which mode goes first rotates
                String text = "step " + i + " " + m;
                long t0 = System.nanoTime();
                if (m.streaming) {
                    sse.post("/v1/agents/" + agent + "/messages", request(text, m), t0);
                } else {
                    api.send(agent, text);
                }
                long took = System.nanoTime() - t0;
                latency[m.ordinal()][i] = took;
                overhead[m.ordinal()][i] = took - clock.take(text);
            }
        }
        System.out.printf("Per-step overhead, background against foreground: %d one-step runs of each mode, in turn, one at a time over "
                + "%d agents (each ends with a window of about %d messages); the scripted LLM answers %d words. Overhead = "
                + "client-observed latency to the end of the answer ([DONE] for a stream) minus the LLM's own time for the call.%n",
                runs, agents.size(), 1 + 2 * (200 + runs * modes.length) / agents.size(), words);
        System.out.println("| mode | latency p50 / p99 (ms) | server overhead per step p50 / p99 (ms) |");
        System.out.println("|---|---|---|");
        for (Mode m : modes) {
            Latencies l = Latencies.of(latency[m.ordinal()]);
            Latencies o = Latencies.of(overhead[m.ordinal()]);
            System.out.printf("| %s | %.1f / %.1f | %.1f / %.1f |%n", m.label, l.p50(), l.p99(), o.p50(), o.p99());
        }
        Latencies fg = Latencies.of(overhead[Mode.TOKENS.ordinal()]);
        Latencies bg = Latencies.of(overhead[Mode.BACKGROUND.ordinal()]);
        System.out.printf("background / foreground overhead (same token-streaming request): p50 %.2fx, p99 %.2fx (goal <= 1.2x)%n",
                bg.p50() / fg.p50(), bg.p99() / fg.p99());
    }

    /** Every mode in turn on agents of its own (the measured agents' windows stay short), until the JIT has settled. */
    private static void warmUp(Api api, Sse sse, LlmClock clock, int runs) throws Exception {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            agents.add(api.createQuickStartAgent("letta_v1_agent"));
        }
        Mode[] modes = Mode.values();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            String text = "warm-up " + i;
            Mode m = modes[i % modes.length];
            String agent = agents.get(i % agents.size());
            if (m.streaming) {
                sse.post("/v1/agents/" + agent + "/messages", request(text, m), System.nanoTime());
            } else {
                api.send(agent, text);
            }
            clock.take(text);
            if (i % 200 == 199) {
                api.get("/v1/runs/?limit=1"); // the runs routes too
            }
        }
        System.out.printf("warmed up: %d runs of the four modes on 50 other agents in %.0f s%n%n", runs, (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Object> request(String text, Mode mode) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)), "streaming", mode.streaming, "stream_tokens", mode.tokens,
                "background", mode.background);
    }

    private static void row(String what, Latencies first, Latencies end) {
        System.out.printf("| %s | %.2f / %.2f | %.2f / %.2f |%n", what, first.p50(), first.p99(), end.p50(), end.p99());
    }


    private static String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append("word").append(i);
        }
        return b.toString();
    }
}
