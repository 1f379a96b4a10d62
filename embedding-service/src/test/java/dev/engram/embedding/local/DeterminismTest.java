package dev.engram.embedding.local;

import static dev.engram.embedding.Api.embed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.embedding.Api;
import dev.engram.embedding.Profiles;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** With the cache off, every vector below comes from a fresh model run inside a different batch. */
@QuarkusTest
@TestProfile(Profiles.NoCache.class)
class DeterminismTest {

    private static final String TEXT = "Melanie painted a sunrise over the lake last summer.";

    @Test
    void identical_input_gives_identical_output_whatever_the_batch() throws Exception {
        float[] alone = embed(TEXT).vectors().getFirst();
        assertArrayEquals(alone, embed(List.of("before", TEXT, "after")).vectors().get(1));
        assertArrayEquals(alone, embed(List.of(TEXT, TEXT)).vectors().get(1));

        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            List<CompletableFuture<List<float[]>>> concurrent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                List<String> inputs = List.of("noise " + i, TEXT, "more noise " + i);
                concurrent.add(CompletableFuture.supplyAsync(() -> embed(inputs).vectors(), clients));
            }
            for (CompletableFuture<List<float[]>> result : concurrent) {
                assertArrayEquals(alone, result.get().get(1));
            }
        }
    }

    @Test
    void the_service_returns_exactly_what_the_model_computes_in_process() {
        float[] inProcess = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(TEXT).content().vector();
        assertArrayEquals(inProcess, embed(TEXT).vectors().getFirst());
    }

    @Test
    void vectors_are_l2_normalised() {
        for (float[] v : embed(List.of("short", "a somewhat longer sentence about nothing", "ünïcödé ✓ 😀")).vectors()) {
            assertEquals(1.0, Api.norm(v), 1e-5);
        }
    }
}
