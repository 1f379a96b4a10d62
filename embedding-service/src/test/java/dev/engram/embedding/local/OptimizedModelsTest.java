package dev.engram.embedding.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizedModelsTest {

    private static final String TEXT = "Melanie painted a sunrise over the lake last summer.";
    private static final LocalModel MODEL = LocalModel.ALL_MINILM_L6_V2_Q;

    @TempDir
    Path dir;

    private static final LocalConfig CONFIG = new LocalConfig() {
        @Override
        public int onnxThreads() {
            return 1;
        }

        @Override
        public boolean onnxSpinning() {
            return false;
        }

        @Override
        public Optional<Path> optimizedModelDir() {
            return Optional.empty();
        }

        @Override
        public boolean prepareOnly() {
            return false;
        }
    };

    private float[] embedWith(Optional<Path> graphs) {
        return LaneEmbeddingModel.load(MODEL, CONFIG, new OptimizedModels(graphs)).embed(TEXT).content().vector();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void the_first_load_saves_the_graph_and_the_next_reads_it_with_the_same_vectors() throws IOException {
        float[] shipped = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(TEXT).content().vector();

        assertArrayEquals(shipped, embedWith(Optional.of(dir)), "optimised at load, saving the graph");
        List<Path> saved = files();
        assertEquals(1, saved.size(), "one graph, no partial file left: " + saved);
        assertTrue(saved.getFirst().getFileName().toString().startsWith(MODEL.modelName() + "-"));
        FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(saved.getFirst(), written);

        assertArrayEquals(shipped, embedWith(Optional.of(dir)), "read from the saved graph");
        assertEquals(saved, files());
        assertEquals(written, Files.getLastModifiedTime(saved.getFirst()), "the saved graph is read, not rewritten");
    }

    @Test
    void a_corrupt_graph_is_replaced_and_the_model_still_loads() throws IOException {
        embedWith(Optional.of(dir));
        Path saved = files().getFirst();
        long size = Files.size(saved);
        Files.write(saved, new byte[] {1, 2, 3});

        float[] vector = embedWith(Optional.of(dir));

        assertArrayEquals(embedWith(Optional.empty()), vector);
        assertEquals(List.of(saved), files());
        assertEquals(size, Files.size(saved), "rebuilt in full");
    }

    @Test
    void other_weights_or_another_runtime_read_another_file() {
        ShippedFile.Fingerprint weights = ShippedFile.fingerprint(new byte[] {1, 2, 3, 4});
        String name = OptimizedModels.fileName("m", weights, "1.20.0");
        assertNotEquals(name, OptimizedModels.fileName("m", ShippedFile.fingerprint(new byte[] {1, 2, 3, 5}), "1.20.0"));
        assertNotEquals(name, OptimizedModels.fileName("m", ShippedFile.fingerprint(new byte[] {1, 2, 3, 4, 0}), "1.20.0"));
        assertNotEquals(name, OptimizedModels.fileName("m", weights, "1.21.0"));
        assertEquals(name, OptimizedModels.fileName("m", ShippedFile.fingerprint(new byte[] {1, 2, 3, 4}), "1.20.0"));
    }
}
