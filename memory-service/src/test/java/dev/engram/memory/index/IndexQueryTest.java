package dev.engram.memory.index;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IndexQueryTest {

    private static final float[] V = {1, 0};

    @Test
    void hybrid_falls_back_to_what_the_query_has() {
        assertEquals(SearchMode.HYBRID, IndexQuery.of("o", "a", "tea", V).effectiveMode());
        assertEquals(SearchMode.BM25, IndexQuery.of("o", "a", "tea", null).effectiveMode());
        assertEquals(SearchMode.DENSE, IndexQuery.of("o", "a", " ", V).effectiveMode());
        assertEquals(SearchMode.BM25, IndexQuery.of("o", "a", "tea", V).withMode(SearchMode.BM25).effectiveMode());
    }

    @Test
    void dense_without_a_vector_is_rejected() {
        IndexQuery textOnly = IndexQuery.of("o", "a", "tea", null);
        assertThrows(IllegalArgumentException.class, () -> textOnly.withMode(SearchMode.DENSE));
    }

    @Test
    void top_k_must_be_between_1_and_100() {
        IndexQuery query = IndexQuery.of("o", "a", "tea", null);
        assertThrows(IllegalArgumentException.class, () -> query.withTopK(0));
        assertThrows(IllegalArgumentException.class, () -> query.withTopK(101));
        assertEquals(100, query.withTopK(100).topK());
    }

    @Test
    void organization_and_agent_are_required() {
        assertThrows(IllegalArgumentException.class, () -> IndexQuery.of("", "a", "tea", null));
        assertThrows(IllegalArgumentException.class, () -> IndexQuery.of("o", null, "tea", null));
    }

    @Test
    void a_range_ending_before_it_starts_is_rejected() {
        IndexQuery query = IndexQuery.of("o", "a", "tea", null);
        assertThrows(IllegalArgumentException.class,
                () -> query.withTimeRange(Instant.EPOCH.plusSeconds(1), Instant.EPOCH));
    }

    @Test
    void vectors_are_normalised_and_zero_vectors_rejected() {
        float[] v = IndexQuery.of("o", "a", null, new float[]{3, 4}).vector();
        assertEquals(0.6f, v[0], 1e-6);
        assertEquals(0.8f, v[1], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> IndexQuery.of("o", "a", null, new float[]{0, 0}));
        assertThrows(IllegalArgumentException.class, () -> IndexQuery.of("o", "a", null, new float[]{Float.NaN}));
    }

    @Test
    void created_at_microseconds_round_trip_and_truncate_below_a_microsecond() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123456789Z");
        assertEquals(Instant.parse("2026-03-04T05:06:07.123456Z"), EpochMicros.toInstant(EpochMicros.of(t)));
        Instant before1970 = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertEquals(before1970, EpochMicros.toInstant(EpochMicros.of(before1970)));
    }
}
