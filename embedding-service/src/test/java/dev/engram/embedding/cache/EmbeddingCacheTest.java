package dev.engram.embedding.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.engram.embedding.service.EmbeddedText;
import dev.engram.embedding.service.ModelHandle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

    private static final ModelHandle MODEL = new ModelHandle("local", "m");
    private static final EmbeddedText VECTOR = new EmbeddedText(new float[] {1f}, 1, false);

    private static EmbeddingCache cache(int maxEntries, SimpleMeterRegistry registry) {
        return new EmbeddingCache(() -> maxEntries, registry);
    }

    @Test
    void least_recently_used_entry_is_evicted_first() {
        EmbeddingCache cache = cache(2, new SimpleMeterRegistry());
        cache.put(MODEL, null, "a", VECTOR);
        cache.put(MODEL, null, "b", VECTOR);
        assertNotNull(cache.get(MODEL, null, "a")); // "a" is now the most recent
        cache.put(MODEL, null, "c", VECTOR);
        assertNull(cache.get(MODEL, null, "b"));
        assertNotNull(cache.get(MODEL, null, "a"));
        assertNotNull(cache.get(MODEL, null, "c"));
        assertEquals(2, cache.size());
    }

    @Test
    void dimensions_are_part_of_the_key() {
        EmbeddingCache cache = cache(10, new SimpleMeterRegistry());
        cache.put(MODEL, 256, "a", VECTOR);
        assertNull(cache.get(MODEL, null, "a"));
        assertNotNull(cache.get(MODEL, 256, "a"));
    }

    @Test
    void hits_and_misses_are_counted_and_zero_entries_switches_it_off() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddingCache off = cache(0, registry);
        off.put(MODEL, null, "a", VECTOR);
        assertNull(off.get(MODEL, null, "a"));
        assertEquals(1, registry.counter("engram.embedding.cache.misses").count());
        assertEquals(0, registry.counter("engram.embedding.cache.hits").count());
    }
}
