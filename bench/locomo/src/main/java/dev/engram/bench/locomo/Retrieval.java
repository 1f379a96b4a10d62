package dev.engram.bench.locomo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * LoCoMo retrieval through the service: one agent per conversation, every turn inserted as a passage, every question
 * with evidence searched, and the evidence turns' ranks scored.
 */
final class Retrieval {

    /** A search configuration: its query parameters (mode, fusion, ...). */
    record Variant(String name, Map<String, String> params) {
    }

    /** The ingested conversations: per conversation its agent and which turn each passage holds. */
    record Corpus(List<String> agents, List<Map<String, String>> turnOfPassage, double seconds) {
    }

    static final int TOP_K = 100;
    private static final int IN_FLIGHT = 4;

    private final MemoryClient client;
    private final LoCoMo data;

    Retrieval(MemoryClient client, LoCoMo data) {
        this.client = client;
        this.data = data;
    }

    /** One agent per conversation; each session's turns in one batch request, IN_FLIGHT requests at a time. */
    Corpus ingest(String handle) throws Exception {
        return ingest(handle, TurnPassages::body);
    }

    /** How a conversation's turn i becomes an insert body. */
    interface Bodies {
        Map<String, Object> body(List<LoCoMo.Turn> turns, int i, String handle);
    }

    Corpus ingest(String handle, Bodies bodyOf) throws Exception {
        long t0 = System.nanoTime();
        List<String> agents = new ArrayList<>();
        List<Map<String, String>> turnOf = new ArrayList<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (LoCoMo.Conversation c : data.conversations()) {
            String agent = MemoryClient.newAgent();
            Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
            List<LoCoMo.Turn> turns = c.turns();
            int from = 0;
            while (from < turns.size()) {
                int to = from;
                while (to < turns.size() && turns.get(to).session() == turns.get(from).session()) {
                    to++;
                }
                List<Map<String, Object>> bodies = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    bodies.add(bodyOf.body(turns, i, handle));
                }
                List<String> diaIds = turns.subList(from, to).stream().map(LoCoMo.Turn::diaId).toList();
                slots.acquire();
                pending.add(client.insertBatch(agent, bodies).thenAccept(created -> {
                    for (int i = 0; i < created.size(); i++) {
                        ids.put(created.get(i), diaIds.get(i));
                    }
                }).whenComplete((v, e) -> slots.release()));
                from = to;
            }
            agents.add(agent);
            turnOf.add(ids);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return new Corpus(agents, turnOf, (System.nanoTime() - t0) / 1e9);
    }

    /** Scores one variant; the result holds one Metrics per conversation. */
    List<Metrics> evaluate(Corpus corpus, Variant variant, String handle) throws Exception {
        List<Metrics> perConversation = new ArrayList<>();
        for (int c = 0; c < data.conversations().size(); c++) {
            Metrics m = new Metrics();
            for (LoCoMo.Question q : data.conversations().get(c).questions()) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("query", q.text());
                params.put("top_k", Integer.toString(TOP_K));
                params.put("embedding_handle", handle);
                params.putAll(variant.params());
                Map<String, String> turnOf = corpus.turnOfPassage().get(c);
                List<String> ranked = client.search(corpus.agents().get(c), params).stream()
                        .map(h -> turnOf.get(h.id())).toList();
                m.add(q.category(), q.evidence(), ranked);
            }
            perConversation.add(m);
        }
        return perConversation;
    }

    static Metrics total(List<Metrics> perConversation, int from, int to) {
        Metrics all = new Metrics();
        perConversation.subList(from, to).forEach(all::add);
        return all;
    }

    /** The variant's table: overall, overall without adversarial, each category, and the two halves. */
    static void print(String name, List<Metrics> perConversation) {
        Metrics all = total(perConversation, 0, perConversation.size());
        System.out.println(Metrics.row(name + ": all", all.all()));
        System.out.println(Metrics.row("  without adversarial (1-4)", all.withoutAdversarial()));
        for (int c = 1; c <= 5; c++) {
            System.out.println(Metrics.row("  " + c + " " + LoCoMo.CATEGORIES.get(c), all.category(c)));
        }
        int half = perConversation.size() / 2;
        System.out.println(Metrics.row("  conversations 0-" + (half - 1), total(perConversation, 0, half).all()));
        System.out.println(Metrics.row("  conversations " + half + "-" + (perConversation.size() - 1),
                total(perConversation, half, perConversation.size()).all()));
    }

    static String summary(String name, List<Metrics> perConversation) {
        Metrics all = total(perConversation, 0, perConversation.size());
        return String.format(Locale.ROOT, "%-34s recall@10 %.3f (without adversarial %.3f)  hit@10 %.3f  MRR %.3f",
                name, all.all().recallAt(10), all.withoutAdversarial().recallAt(10), all.all().hitAt(10), all.all().mrr());
    }
}
