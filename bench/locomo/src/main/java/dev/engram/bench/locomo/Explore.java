package dev.engram.bench.locomo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The experiments behind the chosen defaults (--explore): fetches each question's BM25 and dense rankings (top 100
 * with scores) from the service once, for a corpus inserted without and one with index context, then fuses them
 * here with the service's formulas for a grid of settings. Fusing offline is exact because each ranking is 100
 * deep, as the service's default candidates are. Settings are chosen on conversations 0-4 and checked on 5-9.
 */
final class Explore {

    /** One question's rankings: plain corpus and context corpus, BM25 and dense (ids of the plain corpus). */
    private record Fetched(int conversation, LoCoMo.Question question, List<MemoryClient.Hit> bm25,
                           List<MemoryClient.Hit> dense, List<MemoryClient.Hit> bm25Ctx, List<MemoryClient.Hit> denseCtx) {
    }

    private final MemoryClient client;
    private final LoCoMo data;

    Explore(MemoryClient client, LoCoMo data) {
        this.client = client;
        this.data = data;
    }

    void run(Retrieval.Corpus plain, Retrieval.Corpus ctx, String handle) throws Exception {
        List<Fetched> all = new ArrayList<>();
        for (int c = 0; c < data.conversations().size(); c++) {
            Map<String, String> idOfTurn = new java.util.HashMap<>();
            plain.turnOfPassage().get(c).forEach((id, turn) -> idOfTurn.put(turn, id));
            Map<String, String> ctxTurn = ctx.turnOfPassage().get(c);
            Function<List<MemoryClient.Hit>, List<MemoryClient.Hit>> remap = hits -> hits.stream()
                    .map(h -> new MemoryClient.Hit(idOfTurn.get(ctxTurn.get(h.id())), h.score())).toList();
            for (LoCoMo.Question q : data.conversations().get(c).questions()) {
                all.add(new Fetched(c, q, fetch(plain.agents().get(c), q.text(), "bm25", handle),
                        fetch(plain.agents().get(c), q.text(), "dense", handle),
                        remap.apply(fetch(ctx.agents().get(c), q.text(), "bm25", handle)),
                        remap.apply(fetch(ctx.agents().get(c), q.text(), "dense", handle))));
            }
        }
        System.out.println("\n   explore: offline fusion of the service's own rankings; recall@10 all / without adversarial"
                + " / conversations 0-4 (tuning) / 5-9 (held out), MRR");
        Map<String, Function<Fetched, List<String>>> grid = new LinkedHashMap<>();
        grid.put("bm25", f -> ids(f.bm25()));
        grid.put("dense", f -> ids(f.dense()));
        grid.put("bm25, context", f -> ids(f.bm25Ctx()));
        grid.put("dense, context", f -> ids(f.denseCtx()));
        for (int k : new int[] {2, 5, 10, 20, 60}) {
            grid.put("rrf k=" + k, f -> rrf(k, f.dense(), f.bm25()));
            grid.put("rrf k=" + k + ", context", f -> rrf(k, f.denseCtx(), f.bm25Ctx()));
            grid.put("rrf k=" + k + ", context for bm25 only", f -> rrf(k, f.dense(), f.bm25Ctx()));
        }
        for (double w : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}) {
            grid.put("weighted w=" + w, f -> weighted(w, f.dense(), f.bm25()));
            grid.put("weighted w=" + w + ", context", f -> weighted(w, f.denseCtx(), f.bm25Ctx()));
        }
        grid.forEach((name, rank) -> {
            List<Metrics> per = new ArrayList<>();
            for (int c = 0; c < data.conversations().size(); c++) {
                per.add(new Metrics());
            }
            for (Fetched f : all) {
                Map<String, String> turnOf = plain.turnOfPassage().get(f.conversation());
                per.get(f.conversation()).add(f.question().category(), f.question().evidence(),
                        rank.apply(f).stream().map(turnOf::get).toList());
            }
            Metrics m = Retrieval.total(per, 0, per.size());
            int half = per.size() / 2;
            System.out.printf(Locale.ROOT, "   %-36s %.3f / %.3f / %.3f / %.3f   MRR %.3f%n", name, m.all().recallAt(10),
                    m.withoutAdversarial().recallAt(10), Retrieval.total(per, 0, half).all().recallAt(10),
                    Retrieval.total(per, half, per.size()).all().recallAt(10), m.all().mrr());
        });
    }

    private List<MemoryClient.Hit> fetch(String agent, String query, String mode, String handle) throws Exception {
        return client.search(agent, Map.of("query", query, "top_k", "100", "mode", mode, "embedding_handle", handle));
    }

    private static List<String> ids(List<MemoryClient.Hit> hits) {
        return hits.stream().map(MemoryClient.Hit::id).toList();
    }

    /** As memory-service's Fusion.rrf. */
    static List<String> rrf(int k, List<MemoryClient.Hit> dense, List<MemoryClient.Hit> bm25) {
        Map<String, Double> fused = new LinkedHashMap<>();
        for (List<MemoryClient.Hit> list : List.of(dense, bm25)) {
            for (int i = 0; i < list.size(); i++) {
                fused.merge(list.get(i).id(), 1.0 / (k + i + 1), Double::sum);
            }
        }
        return best(fused);
    }

    /** As memory-service's Fusion.weighted. */
    static List<String> weighted(double w, List<MemoryClient.Hit> dense, List<MemoryClient.Hit> bm25) {
        Map<String, Double> fused = new LinkedHashMap<>();
        add(fused, dense, w);
        add(fused, bm25, 1 - w);
        return best(fused);
    }

    private static void add(Map<String, Double> fused, List<MemoryClient.Hit> list, double weight) {
        double max = list.stream().mapToDouble(MemoryClient.Hit::score).max().orElse(0);
        for (MemoryClient.Hit h : list) {
            fused.merge(h.id(), max > 0 ? weight * Math.max(0, h.score()) / max : 0, Double::sum);
        }
    }

    private static List<String> best(Map<String, Double> fused) {
        return fused.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(100).map(Map.Entry::getKey).toList();
    }
}
