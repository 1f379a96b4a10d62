package dev.engram.embedding.local;

import static dev.engram.embedding.Api.embed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.embedding.Profiles;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With batching switched off (the benchmark's naive baseline) the answers are the same. */
@QuarkusTest
@TestProfile(Profiles.Naive.class)
class NaiveModeTest {

    @Test
    void without_batching_the_vectors_are_the_model_own() {
        var model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<String> texts = List.of("first of three", "second of three", "third of three");
        List<float[]> vectors = embed(texts).vectors();
        assertEquals(3, vectors.size());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(model.embed(texts.get(i)).content().vector(), vectors.get(i));
        }
    }

    @Test
    void without_batching_errors_are_the_same() {
        embed(List.of("fine", "")).post().then().statusCode(422);
    }
}
