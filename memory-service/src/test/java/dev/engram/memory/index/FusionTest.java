package dev.engram.memory.index;

import dev.engram.memory.index.Fusion.Scored;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FusionTest {

    private static List<String> keys(List<Scored<String>> fused) {
        return fused.stream().map(Scored::key).toList();
    }

    @Test
    void rrf_sums_reciprocal_ranks_counted_from_one() {
        List<Scored<String>> fused = Fusion.rrf(60,
                List.of(new Scored<>("a", 0.9), new Scored<>("b", 0.8)),
                List.of(new Scored<>("b", 12.0), new Scored<>("c", 3.0)), 10);

        assertThat(keys(fused), contains("b", "a", "c"));
        assertEquals(1.0 / 62 + 1.0 / 61, fused.get(0).score(), 1e-12);
        assertEquals(1.0 / 61, fused.get(1).score(), 1e-12);
        assertEquals(1.0 / 62, fused.get(2).score(), 1e-12);
    }

    @Test
    void rrf_ignores_score_magnitudes() {
        List<Scored<String>> fused = Fusion.rrf(60,
                List.of(new Scored<>("a", 1000.0), new Scored<>("b", 0.001)),
                List.of(new Scored<>("b", 1000.0), new Scored<>("a", 0.001)), 10);

        assertEquals(fused.get(0).score(), fused.get(1).score(), 1e-12);
        assertThat("ties keep the dense list's order", keys(fused), contains("a", "b"));
    }

    @Test
    void weighted_scales_each_list_by_its_best_score_and_weighs_them() {
        List<Scored<String>> fused = Fusion.weighted(0.25,
                List.of(new Scored<>("a", 0.8), new Scored<>("b", 0.4)),
                List.of(new Scored<>("b", 10.0), new Scored<>("c", 5.0)), 10);

        assertThat(keys(fused), contains("b", "c", "a"));
        assertEquals(0.25 * 0.5 + 0.75 * 1.0, fused.get(0).score(), 1e-12);
        assertEquals(0.75 * 0.5, fused.get(1).score(), 1e-12);
        assertEquals(0.25 * 1.0, fused.get(2).score(), 1e-12);
    }

    @Test
    void weighted_counts_negative_cosines_as_unrelated() {
        List<Scored<String>> fused = Fusion.weighted(0.5,
                List.of(new Scored<>("a", 0.5), new Scored<>("b", -0.5)), List.of(), 10);

        assertEquals(0.5, fused.get(0).score(), 1e-12);
        assertEquals(0.0, fused.get(1).score(), 1e-12);
    }

    @Test
    void fusion_keeps_only_top_k() {
        List<Scored<String>> dense = List.of(new Scored<>("a", 0.9), new Scored<>("b", 0.8), new Scored<>("c", 0.7));
        for (FusionMode mode : FusionMode.values()) {
            assertThat(mode.name(), keys(Fusion.fuse(mode, FusionSettings.DEFAULTS, dense, List.of(), 2)),
                    contains("a", "b"));
        }
    }
}
