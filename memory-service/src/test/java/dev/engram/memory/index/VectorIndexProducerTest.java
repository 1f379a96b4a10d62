package dev.engram.memory.index;

import dev.engram.memory.index.embedded.LuceneVectorIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service starts with the index wired in: embedded without QDRANT_URL, in a directory created on demand. */
@QuarkusTest
@TestProfile(VectorIndexProducerTest.FreshDirectory.class)
class VectorIndexProducerTest {

    static final Path DIRECTORY = temporary().resolve("not/yet/there");

    @Inject
    VectorIndex index;

    @Test
    void without_qdrant_url_the_service_gets_a_working_embedded_index_in_a_new_directory() {
        assertInstanceOf(LuceneVectorIndex.class, index);

        String agent = Passages.agent();
        index.upsert(List.of(Passages.passage(agent, "wired through CDI").build()));

        assertEquals(1, index.search(IndexQuery.of(Passages.ORG, agent, "wired", null)).size());
        assertTrue(Files.isDirectory(DIRECTORY));
    }

    public static class FreshDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.index.directory", DIRECTORY.toString(), "engram.index.qdrant.url", "");
        }
    }

    private static Path temporary() {
        try {
            return Files.createTempDirectory("engram-index-wiring");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
