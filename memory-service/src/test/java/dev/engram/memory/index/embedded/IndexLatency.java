package dev.engram.memory.index.embedded;

import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import dev.engram.memory.index.SearchMode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Prints search latency of the embedded index; a measurement program, not a test.
 * Args: directory passages agents [queries] [dimension] [candidates]. Ingests only when the directory holds fewer
 * passages, so a second run measures an already built index.
 */
public final class IndexLatency {

    private static final String ORG = "org-bench";
    private static final int WORDS = 20_000;

    private IndexLatency() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        int passages = Integer.parseInt(args[1]);
        int agents = Integer.parseInt(args[2]);
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        int dimension = args.length > 4 ? Integer.parseInt(args[4]) : 384;
        int candidates = args.length > 5 ? Integer.parseInt(args[5]) : FusionSettings.DEFAULTS.candidates();
        FusionSettings fusion = new FusionSettings(FusionMode.RRF, 60, 0.5, candidates);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, fusion)) {
            if (index.watermark() < passages) {
                ingest(index, passages, agents, dimension);
            }
            Random random = new Random(7);
            for (SearchMode mode : SearchMode.values()) {
                measure(index, mode, agents, queries, dimension, random, false, null);
            }
            measure(index, SearchMode.HYBRID, agents, queries, dimension, random, true,
                    Instant.ofEpochSecond(1_700_000_000L + passages / 2));
        }
    }

    private static void ingest(LuceneVectorIndex index, int passages, int agents, int dimension) {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        int batch = 5_000;
        for (int from = 0; from < passages; from += batch) {
            List<IndexedPassage> docs = new ArrayList<>(batch);
            for (int i = from; i < Math.min(passages, from + batch); i++) {
                docs.add(new IndexedPassage("passage-" + i, ORG, "agent-" + (i % agents), text(random, 30),
                        List.of("t" + (i % 10)), Instant.ofEpochSecond(1_700_000_000L + i), vector(random, dimension)));
            }
            index.upsert(docs, Math.min(passages, from + batch));
        }
        System.out.printf("ingested %,d passages (%d agents, %d dims) in %.1f s%n", passages, agents, dimension,
                (System.nanoTime() - started) / 1e9);
    }

    /** With {@code filtered}: one of the agent's tags and the later half of the corpus, as a time-bounded recall. */
    private static void measure(LuceneVectorIndex index, SearchMode mode, int agents, int queries, int dimension,
                                Random random, boolean filtered, Instant start) {
        SplittableRandom values = new SplittableRandom(random.nextLong());
        long[] nanos = new long[queries];
        int warmup = queries / 4;
        for (int q = -warmup; q < queries; q++) {
            int agent = values.nextInt(agents);
            List<String> tags = filtered ? List.of("t" + agent % 10) : List.of();
            IndexQuery query = new IndexQuery(ORG, "agent-" + agent, text(values, 3),
                    vector(values, dimension), mode, 10, tags, false, start, null, null);
            long began = System.nanoTime();
            int hits = index.search(query).size();
            if (q >= 0) {
                nanos[q] = System.nanoTime() - began;
            }
            if (hits == 0 && mode != SearchMode.BM25) {
                throw new IllegalStateException("no hits for " + mode);
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%-6s %s p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms%n", mode,
                filtered ? "tags+time " : "          ", nanos[queries / 2] / 1e6, nanos[queries * 95 / 100] / 1e6,
                nanos[queries * 99 / 100] / 1e6, nanos[queries - 1] / 1e6);
    }

    /** Words drawn from a skewed vocabulary, so that some terms are common and most are rare, as in prose. */
    private static String text(SplittableRandom random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int rank = (int) Math.floor(Math.pow(WORDS, random.nextDouble()));
            text.append('w').append(Integer.toString(rank, 36)).append(' ');
        }
        return text.toString();
    }

    private static float[] vector(SplittableRandom random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
