package dev.engram.bench.locomo;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The archival memory benchmark: LoCoMo retrieval quality through memory-service's HTTP API, then search latency
 * and ingest rate of the embedded index at growing scale. Starts its own PostgreSQL, embedding-service and
 * memory-service, prints the figures, stops everything.
 */
public final class LocomoBench {

    private static final String HANDLE = TurnPassages.EMBEDDING_HANDLE;

    private LocomoBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoCoMo data = LoCoMo.load(options.data());
        System.out.printf(Locale.ROOT, "Engram archival memory benchmark%nmachine: %d CPUs, JDK %s, %s %s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"), load());
        StringBuilder summary = new StringBuilder();
        if (options.quality()) {
            // BM25 statistics are index-wide, so each corpus gets services of its own
            try (Services services = Services.start(options.root(), Map.of(), Map.of())) {
                plain(data, new MemoryClient(services.memoryUrl()), services, summary);
            }
        }
        try (Services services = Services.start(options.root(), Map.of(), Map.of())) {
            MemoryClient client = new MemoryClient(services.memoryUrl());
            if (options.quality()) {
                withContext(data, client, summary, options);
            }
            if (options.scale()) {
                new ScaleBench(services, client, data).run(options.scaleSizes());
            }
        }
        if (!summary.isEmpty()) {
            System.out.println("\nLoCoMo summary\n" + summary);
        }
        System.out.println("load average at the end: " + load());
    }

    /** Turns inserted as they are: the three modes, the hybrid fusions, and the RRF constant used before (60). */
    private static void plain(LoCoMo data, MemoryClient client, Services services, StringBuilder summary) throws Exception {
        int dropped = data.conversations().stream().mapToInt(LoCoMo.Conversation::droppedEvidence).sum();
        int without = data.conversations().stream().mapToInt(LoCoMo.Conversation::questionsWithoutEvidence).sum();
        System.out.printf(Locale.ROOT, "%n1. LoCoMo retrieval: %d conversations, %d turns, %d questions with evidence "
                        + "(%d without evidence left out; %d evidence ids naming no turn dropped), model %s, top_k %d%n",
                data.conversations().size(), data.turnCount(), data.questionCount(), without, dropped, HANDLE, Retrieval.TOP_K);
        Retrieval retrieval = new Retrieval(client, data);
        Retrieval.Corpus corpus = retrieval.ingest(HANDLE, TurnPassages::body);
        System.out.printf(Locale.ROOT, "%n1a. turns as passages, no index context (ingested in %.1f s, %.0f passages/s)%n%s%n",
                corpus.seconds(), data.turnCount() / corpus.seconds(), Metrics.header());
        evaluate(retrieval, corpus, "", summary, modes());
        services.startMemory(Map.of("engram.index.rrf-k", "60"));
        evaluate(retrieval, corpus, "", summary, List.of(
                new Retrieval.Variant("hybrid rrf k=60", Map.of("mode", "hybrid", "fusion", "rrf"))));
    }

    /** Each turn with its neighbouring turns as index_context: the configuration the defaults are tuned for. */
    private static void withContext(LoCoMo data, MemoryClient client, StringBuilder summary, Options options) throws Exception {
        Retrieval retrieval = new Retrieval(client, data);
        Retrieval.Corpus corpus = retrieval.ingest(HANDLE, TurnPassages::bodyWithContext);
        System.out.printf(Locale.ROOT, "%n1b. turns as passages, the %d turn(s) before and after as index_context "
                        + "(ingested in %.1f s, %.0f passages/s)%n%s%n",
                TurnPassages.CONTEXT_WINDOW, corpus.seconds(), data.turnCount() / corpus.seconds(), Metrics.header());
        evaluate(retrieval, corpus, "context, ", summary, modes());
        if (options.explore()) {
            new Explore(client, data).run(retrieval.ingest(HANDLE, TurnPassages::body), corpus, HANDLE);
        }
    }

    private static List<Retrieval.Variant> modes() {
        return List.of(
                new Retrieval.Variant("bm25", Map.of("mode", "bm25")),
                new Retrieval.Variant("dense", Map.of("mode", "dense")),
                new Retrieval.Variant("hybrid rrf", Map.of("mode", "hybrid", "fusion", "rrf")),
                new Retrieval.Variant("hybrid weighted", Map.of("mode", "hybrid", "fusion", "weighted")));
    }

    private static void evaluate(Retrieval retrieval, Retrieval.Corpus corpus, String prefix, StringBuilder summary,
                                 List<Retrieval.Variant> variants) throws Exception {
        for (Retrieval.Variant v : variants) {
            List<Metrics> m = retrieval.evaluate(corpus, v, HANDLE);
            Retrieval.print(prefix + v.name(), m);
            summary.append(Retrieval.summary(prefix + v.name(), m)).append('\n');
        }
    }

    static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f", l);
    }
}
