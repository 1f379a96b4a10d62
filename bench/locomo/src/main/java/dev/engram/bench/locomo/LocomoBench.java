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

    private LocomoBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoCoMo data = LoCoMo.load(options.data());
        System.out.printf(Locale.ROOT, "Engram archival memory benchmark%nmachine: %d CPUs, JDK %s, %s %s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"), load());
        try (Services services = Services.start(options.root(), Map.of(), Map.of())) {
            MemoryClient client = new MemoryClient(services.memoryUrl());
            if (options.quality()) {
                quality(data, client, options);
            }
            if (options.scale()) {
                new ScaleBench(services, client, data).run(options.scaleSizes());
            }
        }
        System.out.println("\nload average at the end: " + load());
    }

    private static void quality(LoCoMo data, MemoryClient client, Options options) throws Exception {
        int dropped = data.conversations().stream().mapToInt(LoCoMo.Conversation::droppedEvidence).sum();
        int without = data.conversations().stream().mapToInt(LoCoMo.Conversation::questionsWithoutEvidence).sum();
        System.out.printf(Locale.ROOT, "%n1. LoCoMo retrieval: %d conversations, %d turns, %d questions with evidence "
                        + "(%d without evidence left out; %d evidence ids naming no turn dropped)%n",
                data.conversations().size(), data.turnCount(), data.questionCount(), without, dropped);
        Retrieval retrieval = new Retrieval(client, data);
        String handle = TurnPassages.EMBEDDING_HANDLE;
        Retrieval.Corpus corpus = retrieval.ingest(handle);
        System.out.printf(Locale.ROOT, "   ingested %d turns in %.1f s (%.0f passages/s), model %s%n",
                data.turnCount(), corpus.seconds(), data.turnCount() / corpus.seconds(), handle);
        List<Retrieval.Variant> variants = List.of(
                new Retrieval.Variant("bm25", Map.of("mode", "bm25")),
                new Retrieval.Variant("dense", Map.of("mode", "dense")),
                new Retrieval.Variant("hybrid rrf", Map.of("mode", "hybrid", "fusion", "rrf")),
                new Retrieval.Variant("hybrid weighted", Map.of("mode", "hybrid", "fusion", "weighted")));
        System.out.println("\n" + Metrics.header());
        StringBuilder summary = new StringBuilder();
        for (Retrieval.Variant v : variants) {
            List<Metrics> m = retrieval.evaluate(corpus, v, handle);
            Retrieval.print(v.name(), m);
            summary.append(Retrieval.summary(v.name(), m)).append('\n');
        }
        System.out.println("\n" + summary);
    }

    static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f", l);
    }
}
