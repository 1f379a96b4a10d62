package dev.engram.memory.index.qdrant;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bm25EncoderTest {

    private final Bm25Encoder encoder = new Bm25Encoder(4);

    @Test
    void document_weights_are_bm25_term_frequency_with_length_normalisation() {
        // terms: tea x4, green x2, morning ("no" is a stop word): length 7 = the average, so the length factor is 1
        Bm25Encoder.Sparse sparse = new Bm25Encoder(7).document("Tea, tea, green tea? No: tea, green, morning");
        double norm = Bm25Encoder.K1;
        assertEquals(3, sparse.indices().size());
        assertEquals((float) (4 * 2.2 / (4 + norm)), weight(sparse, "tea"), 1e-6);
        assertEquals((float) (2 * 2.2 / (2 + norm)), weight(sparse, "green"), 1e-6);
        assertEquals((float) (2.2 / (1 + norm)), weight(sparse, "morning"), 1e-6);
    }

    @Test
    void longer_passages_weigh_a_term_less() {
        float shortWeight = weight(encoder.document("tea"), "tea");
        float longWeight = weight(encoder.document("tea with milk sugar lemon honey ginger mint"), "tea");
        assertTrue(shortWeight > longWeight);
    }

    @Test
    void query_has_each_distinct_term_once_with_weight_one() {
        Bm25Encoder.Sparse sparse = encoder.query("what about tea and green tea");
        assertThat(sparse.indices(), containsInAnyOrder(Bm25Encoder.index("tea"), Bm25Encoder.index("green")));
        assertThat(sparse.values(), contains(1f, 1f));
    }

    @Test
    void terms_go_through_the_shared_analyzer_and_hash_stably() {
        assertEquals(encoder.query("dogs").indices(), encoder.query("Dog").indices());
        // murmur3 x86_32 of "dog", seed 0: fixed forever, or existing Qdrant data would stop matching
        assertEquals(List.of(Bm25Encoder.index("dog")), encoder.query("dog").indices());
        assertEquals(Bm25Encoder.index("dog"), Bm25Encoder.index(new String("dog")));
        assertTrue(encoder.query("the of").isEmpty());
    }

    @Test
    void average_length_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> new Bm25Encoder(0));
    }

    private static float weight(Bm25Encoder.Sparse sparse, String term) {
        return sparse.values().get(sparse.indices().indexOf(Bm25Encoder.index(term)));
    }
}
