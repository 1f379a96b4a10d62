package dev.engram.memory.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges a dense and a BM25 ranking into one; used by both adapters so that they rank alike. */
public final class Fusion {

    /** A ranked item and its score, best first within its list. */
    public record Scored<K>(K key, double score) {
    }

    private Fusion() {
    }

    public static <K> List<Scored<K>> fuse(FusionMode mode, FusionSettings settings, List<Scored<K>> dense,
                                           List<Scored<K>> bm25, int topK) {
        return switch (mode) {
            case RRF -> rrf(settings.rrfK(), dense, bm25, topK);
            case WEIGHTED -> weighted(settings.denseWeight(), dense, bm25, topK);
        };
    }

    /** Sum over lists of 1 / (k + rank), rank counted from 1. */
    static <K> List<Scored<K>> rrf(int k, List<Scored<K>> dense, List<Scored<K>> bm25, int topK) {
        Map<K, Double> fused = new LinkedHashMap<>();
        for (List<Scored<K>> list : List.of(dense, bm25)) {
            for (int i = 0; i < list.size(); i++) {
                fused.merge(list.get(i).key(), 1.0 / (k + i + 1), Double::sum);
            }
        }
        return best(fused, topK);
    }

    /**
     * {@code w * dense / max(dense) + (1 - w) * bm25 / max(bm25)}; a passage absent from a list gets 0 there.
     * Scores are scaled by the list's best against a fixed floor of 0 (BM25 is never negative; a negative cosine
     * counts as 0, i.e. unrelated) rather than min-max: with min-max the last candidate of a short list would score
     * like an absent one.
     */
    static <K> List<Scored<K>> weighted(double denseWeight, List<Scored<K>> dense, List<Scored<K>> bm25, int topK) {
        Map<K, Double> fused = new LinkedHashMap<>();
        addScaled(fused, dense, denseWeight);
        addScaled(fused, bm25, 1 - denseWeight);
        return best(fused, topK);
    }

    private static <K> void addScaled(Map<K, Double> fused, List<Scored<K>> list, double weight) {
        double max = 0;
        for (Scored<K> s : list) {
            max = Math.max(max, s.score());
        }
        for (Scored<K> s : list) {
            double scaled = max > 0 ? Math.max(0, s.score()) / max : 0;
            fused.merge(s.key(), weight * scaled, Double::sum);
        }
    }

    /** Highest first; ties keep first-seen order (dense before BM25), so results are deterministic. */
    private static <K> List<Scored<K>> best(Map<K, Double> fused, int topK) {
        List<Scored<K>> all = new ArrayList<>(fused.size());
        fused.forEach((key, score) -> all.add(new Scored<>(key, score)));
        all.sort(Comparator.comparingDouble((Scored<K> s) -> s.score()).reversed());
        return all.size() > topK ? List.copyOf(all.subList(0, topK)) : all;
    }
}
