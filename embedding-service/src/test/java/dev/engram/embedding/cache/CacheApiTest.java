package dev.engram.embedding.cache;

import static dev.engram.embedding.Api.embed;
import static dev.engram.embedding.Api.metric;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CacheApiTest {

    private static final String HITS = "engram_embedding_cache_hits_total";
    private static final String MISSES = "engram_embedding_cache_misses_total";

    @Test
    void a_repeated_text_is_answered_from_the_cache_and_counted_as_a_hit() {
        String text = "a text seen twice by the cache test";
        double hits = metric(HITS);
        double misses = metric(MISSES);

        float[] first = embed(text).vectors().getFirst();
        assertEquals(misses + 1, metric(MISSES));
        assertEquals(hits, metric(HITS));

        float[] second = embed(List.of("another text for the cache test", text)).vectors().get(1);
        assertEquals(hits + 1, metric(HITS));
        assertEquals(misses + 2, metric(MISSES));
        assertArrayEquals(first, second);
    }

    @Test
    void the_cache_is_keyed_by_model_too() {
        String text = "same text, two models";
        double misses = metric(MISSES);
        embed(text).vectors();
        embed(text).model("local/all-minilm-l6-v2").vectors();
        assertEquals(misses + 2, metric(MISSES));
    }
}
