package dev.engram.bench.locomo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Distinct passage texts for the scale runs, made from LoCoMo's turns: each text is two turns of different
 * conversations joined ("Speaker: turn. Speaker: turn."), so texts are distinct, realistic in length and vocabulary,
 * and not near-duplicates of one another (which would make the vector graph unrealistically hard or easy).
 * Deterministic for a given seed.
 */
final class SyntheticTexts {

    private final List<String> turns = new ArrayList<>();
    private final SplittableRandom random;

    SyntheticTexts(LoCoMo data, long seed) {
        for (LoCoMo.Conversation c : data.conversations()) {
            for (LoCoMo.Turn t : c.turns()) {
                turns.add(t.speaker() + ": " + t.text());
            }
        }
        this.random = new SplittableRandom(seed);
    }

    /** {@code n} texts, distinct as long as n is well below the number of turn pairs (34 million). */
    List<String> next(int n) {
        List<String> out = new ArrayList<>(n);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (out.size() < n) {
            int a = random.nextInt(turns.size());
            int b = random.nextInt(turns.size());
            if (a == b || !seen.add((long) a * turns.size() + b)) {
                continue;
            }
            out.add(turns.get(a) + " " + turns.get(b));
        }
        return out;
    }
}
