package dev.engram.bench.locomo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Retrieval metrics of the evidence turns, per question category.
 * <ul>
 *   <li>recall@k: the fraction of a question's evidence turns found in the top k, averaged over questions (the
 *       LoCoMo paper's "recall accuracy");</li>
 *   <li>hit@k: 1 when at least one evidence turn is in the top k, averaged over questions;</li>
 *   <li>MRR: 1 / rank of the first evidence turn (0 when none is in the returned top 100), averaged.</li>
 * </ul>
 */
final class Metrics {

    static final int[] KS = {1, 5, 10, 25};

    /** Sums for one group of questions. */
    static final class Sums {
        int questions;
        final double[] recall = new double[KS.length];
        final double[] hit = new double[KS.length];
        double reciprocalRank;

        void add(Sums other) {
            questions += other.questions;
            for (int i = 0; i < KS.length; i++) {
                recall[i] += other.recall[i];
                hit[i] += other.hit[i];
            }
            reciprocalRank += other.reciprocalRank;
        }

        double recallAt(int k) {
            return recall[index(k)] / questions;
        }

        double hitAt(int k) {
            return hit[index(k)] / questions;
        }

        double mrr() {
            return reciprocalRank / questions;
        }
    }

    private final Map<Integer, Sums> byCategory = new TreeMap<>();

    /** @param ranked the returned passages' turn ids, best first */
    void add(int category, Set<String> evidence, List<String> ranked) {
        Sums s = byCategory.computeIfAbsent(category, c -> new Sums());
        s.questions++;
        int first = -1;
        for (int r = 0; r < ranked.size(); r++) {
            if (evidence.contains(ranked.get(r))) {
                first = r;
                break;
            }
        }
        if (first >= 0) {
            s.reciprocalRank += 1.0 / (first + 1);
        }
        for (int i = 0; i < KS.length; i++) {
            int k = KS[i];
            long found = ranked.stream().limit(k).filter(evidence::contains).distinct().count();
            s.recall[i] += (double) found / evidence.size();
            s.hit[i] += found > 0 ? 1 : 0;
        }
    }

    void add(Metrics other) {
        other.byCategory.forEach((c, s) -> byCategory.computeIfAbsent(c, x -> new Sums()).add(s));
    }

    Sums category(int c) {
        return byCategory.getOrDefault(c, new Sums());
    }

    Sums where(IntPredicate category) {
        Sums all = new Sums();
        byCategory.forEach((c, s) -> {
            if (category.test(c)) {
                all.add(s);
            }
        });
        return all;
    }

    Sums all() {
        return where(c -> true);
    }

    Sums withoutAdversarial() {
        return where(c -> c != 5);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-28s %5s  %5s %5s %5s %5s   %5s %5s %5s %5s   %5s",
                "", "n", "R@1", "R@5", "R@10", "R@25", "H@1", "H@5", "H@10", "H@25", "MRR");
    }

    static String row(String label, Sums s) {
        return String.format(Locale.ROOT, "%-28s %5d  %5.3f %5.3f %5.3f %5.3f   %5.3f %5.3f %5.3f %5.3f   %5.3f",
                label, s.questions, s.recallAt(1), s.recallAt(5), s.recallAt(10), s.recallAt(25),
                s.hitAt(1), s.hitAt(5), s.hitAt(10), s.hitAt(25), s.mrr());
    }

    private static int index(int k) {
        for (int i = 0; i < KS.length; i++) {
            if (KS[i] == k) {
                return i;
            }
        }
        throw new IllegalArgumentException("k=" + k);
    }
}
