package dev.engram.memory.index.embedded;

import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexException;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded-only behaviour; the shared behaviour is in EmbeddedIndexContractTest. */
class LuceneVectorIndexTest {

    @TempDir
    Path directory;

    @Test
    void opening_creates_missing_directories() {
        Path nested = directory.resolve("home/.engram/index");
        try (LuceneVectorIndex index = LuceneVectorIndex.open(nested, FusionSettings.DEFAULTS)) {
            assertEquals(0, index.watermark());
        }
        assertTrue(Files.isDirectory(nested));
    }

    @Test
    void a_second_writer_on_the_same_directory_is_refused_clearly() {
        try (LuceneVectorIndex ignored = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            IndexException e = assertThrows(IndexException.class,
                    () -> LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS));
            assertTrue(e.getMessage().contains("Another process"), e.getMessage());
        }
    }

    @Test
    void vectors_wider_than_lucenes_default_cap_are_indexed_and_read_back_after_reopen() {
        float[] wide = new float[3072];
        wide[3000] = 1;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            index.upsert(List.of(new IndexedPassage("passage-wide", "org", "agent", "wide vector", List.of(),
                    Instant.EPOCH, wide)), 1);
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            assertEquals("passage-wide", index.search(IndexQuery.of("org", "agent", null, wide)).getFirst().passageId());
        }
    }

    @Test
    void filtered_vector_search_for_a_small_agent_among_many_passages_is_exact() {
        SplittableRandom random = new SplittableRandom(3);
        List<IndexedPassage> small = new ArrayList<>();
        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            for (int batch = 0; batch < 6; batch++) {
                List<IndexedPassage> passages = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    boolean mine = i % 25 == 0;
                    IndexedPassage p = new IndexedPassage("p-" + batch + "-" + i, "org", mine ? "small" : "big",
                            "text", List.of(), Instant.EPOCH, randomVector(random, 32));
                    passages.add(p);
                    if (mine) {
                        small.add(p);
                    }
                }
                // one commit per batch: several segments, each with its own graph
                index.upsert(passages);
            }
            float[] query = randomVector(random, 32);
            List<String> expected = small.stream()
                    .sorted(Comparator.comparingDouble((IndexedPassage p) -> -dot(p.vector(), query)))
                    .limit(20).map(IndexedPassage::id).toList();

            List<String> found = index.search(IndexQuery.of("org", "small", null, query).withTopK(20)).stream()
                    .map(IndexHit::passageId).toList();

            assertEquals(expected, found);
        }
    }

    @Test
    void close_is_idempotent() {
        LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS);
        index.close();
        index.close();
    }

    private static float[] randomVector(SplittableRandom random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
