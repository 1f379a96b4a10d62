package dev.engram.memory.index.embedded;

import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexedPassage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: ingests batches forever, batch n carrying watermark n, and prints
 * "committed n" once batch n is acknowledged, until the test kills it.
 */
public final class CrashingIngest {

    static final String ORG = "org-crash";
    static final String AGENT = "agent-crash";
    static final int BATCH = 200;

    private CrashingIngest() {
    }

    public static void main(String[] args) {
        LuceneVectorIndex index = LuceneVectorIndex.open(Path.of(args[0]), FusionSettings.DEFAULTS);
        long next = Long.parseLong(args[1]);
        for (long batch = next; ; batch++) {
            index.upsert(batch(batch), batch);
            System.out.println("committed " + batch);
            System.out.flush();
        }
    }

    static List<IndexedPassage> batch(long batch) {
        List<IndexedPassage> passages = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            float[] vector = new float[16];
            vector[i % 16] = 1;
            vector[(int) (batch % 16)] += 0.5f;
            passages.add(new IndexedPassage("passage-" + batch + "-" + i, ORG, AGENT,
                    "fact " + i + " of batch " + batch + " about crash recovery", List.of("b" + batch),
                    Instant.ofEpochSecond(1_700_000_000L + batch), vector));
        }
        return passages;
    }
}
