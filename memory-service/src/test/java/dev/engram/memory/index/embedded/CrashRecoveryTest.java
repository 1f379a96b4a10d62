package dev.engram.memory.index.embedded;

import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 in the middle of ingestion: the index reopens with exactly what its watermark claims. */
class CrashRecoveryTest {

    @TempDir
    Path directory;

    @Test
    void index_killed_mid_ingest_reopens_with_exactly_the_committed_batches() throws Exception {
        long acknowledged = ingestAndKill(1, 4);

        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            long watermark = index.watermark();
            // acknowledged batches are durable; at most the one in flight may have committed unreported
            assertThat(watermark, greaterThanOrEqualTo(acknowledged));
            assertThat(watermark, lessThanOrEqualTo(acknowledged + 1));
            assertEquals(watermark * CrashingIngest.BATCH, index.count(CrashingIngest.ORG, CrashingIngest.AGENT));
            assertThat(index.search(IndexQuery.of(CrashingIngest.ORG, CrashingIngest.AGENT, "crash recovery", null)
                    .withTags(List.of("b" + watermark), true).withTopK(100)), hasSize(100));

            // the caller replays from the watermark; replaying a batch twice changes nothing
            index.upsert(CrashingIngest.batch(watermark), watermark);
            index.upsert(CrashingIngest.batch(watermark + 1), watermark + 1);
            assertEquals((watermark + 1) * CrashingIngest.BATCH,
                    index.count(CrashingIngest.ORG, CrashingIngest.AGENT));
        }
    }

    @Test
    void index_killed_twice_keeps_accumulating_committed_batches() throws Exception {
        long first = ingestAndKill(1, 2);
        long resumeFrom;
        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            resumeFrom = index.watermark() + 1;
            assertThat(resumeFrom, greaterThanOrEqualTo(first + 1));
        }
        long second = ingestAndKill(resumeFrom, 3);

        try (LuceneVectorIndex index = LuceneVectorIndex.open(directory, FusionSettings.DEFAULTS)) {
            assertThat(index.watermark(), greaterThanOrEqualTo(second));
            assertEquals(index.watermark() * CrashingIngest.BATCH,
                    index.count(CrashingIngest.ORG, CrashingIngest.AGENT));
        }
    }

    /** Starts a child JVM ingesting from batch {@code from}, kills it after it acknowledged {@code batches}. */
    private long ingestAndKill(long from, int batches) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingIngest.class.getName(), directory.toString(), Long.toString(from))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long acknowledged = from - 1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < from - 1 + batches && (line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    acknowledged = Long.parseLong(line.substring("committed ".length()));
                }
            }
            // the child is already adding the next batch: kill it in the middle of that
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM did not die");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(from - 1 + batches, acknowledged, "child JVM stopped before acknowledging its batches");
        return acknowledged;
    }
}
