package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.model.EmbeddingServiceApi;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Letta's tool search: full text (PostgreSQL), vector (the deployment's default embedding model, over each tool's
 * name and description) or both fused by reciprocal rank, as archival search fuses them.
 */
@ApplicationScoped
public class ToolSearch {

    private static final int RRF_K = 60;
    private static final Set<String> MODES = Set.of("vector", "fts", "hybrid");

    private final ToolService tools;
    private final ToolRepository repository;
    private final EmbeddingServiceApi embeddings;
    /** Each tool's vector by id, with the text it was made from: a changed description is embedded again and replaces it. */
    private final Map<String, Embedded> vectors = new ConcurrentHashMap<>();

    private record Embedded(String text, float[] vector) {
    }

    private final dev.engram.agent.usage.UsageRecorder usage;

    public ToolSearch(ToolService tools, ToolRepository repository, @RestClient EmbeddingServiceApi embeddings,
                      dev.engram.agent.usage.UsageRecorder usage) {
        this.usage = usage;
        this.tools = tools;
        this.repository = repository;
        this.embeddings = embeddings;
    }

    public Uni<List<ToolSearchResult>> search(Actor actor, ToolSearchRequest r) {
        String mode = r.searchMode() == null ? "hybrid" : r.searchMode();
        if (!MODES.contains(mode)) {
            throw ApiException.unprocessable("body.search_mode: Input should be 'vector', 'fts' or 'hybrid'");
        }
        int limit = r.limit() == null ? 50 : r.limit();
        String org = actor.organizationId();
        return tools.ensureBuiltIns(org).chain(() -> Panache.withSession(() -> repository.ofOrganization(org))).chain(all -> {
            List<ToolEntity> candidates = all.stream()
                    .filter(t -> r.toolTypes() == null || r.toolTypes().isEmpty() || r.toolTypes().contains(t.toolType))
                    .filter(t -> r.tags() == null || r.tags().isEmpty() || t.tags.stream().anyMatch(r.tags()::contains))
                    .toList();
            if (r.query() == null || r.query().isBlank() || candidates.isEmpty()) {
                return Uni.createFrom().item(candidates.stream().sorted(Comparator.comparing((ToolEntity t) -> t.name)).limit(limit)
                        .map(t -> new ToolSearchResult(ToolView.of(t), text(t), null, null, 0.0)).toList());
            }
            Uni<List<String>> fts = "vector".equals(mode) ? Uni.createFrom().item(List.of())
                    : Panache.withSession(() -> repository.textRanks(org, r.query())).map(rows -> rows.stream().map(row -> (String) row[0]).toList());
            Uni<List<String>> vec = "fts".equals(mode) ? Uni.createFrom().item(List.of()) : vectorRanks(org, r.query(), candidates);
            return Uni.combine().all().unis(fts, vec).asTuple().map(t -> fuse(candidates, t.getItem1(), t.getItem2(), mode, limit));
        });
    }

    private List<ToolSearchResult> fuse(List<ToolEntity> candidates, List<String> fts, List<String> vec, String mode, int limit) {
        Map<String, ToolEntity> byId = new HashMap<>();
        candidates.forEach(t -> byId.put(t.id, t));
        Map<String, Integer> ftsRank = ranks(fts, byId);
        Map<String, Integer> vecRank = ranks(vec, byId);
        List<ToolSearchResult> out = new ArrayList<>();
        for (ToolEntity t : candidates) {
            Integer f = ftsRank.get(t.id);
            Integer v = vecRank.get(t.id);
            if (f == null && v == null) {
                continue;
            }
            double score = (f == null ? 0 : 1.0 / (RRF_K + f)) + (v == null ? 0 : 1.0 / (RRF_K + v));
            out.add(new ToolSearchResult(ToolView.of(t), text(t), "vector".equals(mode) ? null : f, "fts".equals(mode) ? null : v, score));
        }
        out.sort(Comparator.comparingDouble(ToolSearchResult::combinedScore).reversed().thenComparing(x -> x.tool().name()));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** 1-based ranks of the ids that are candidates, in the order given. */
    private static Map<String, Integer> ranks(List<String> ids, Map<String, ToolEntity> candidates) {
        Map<String, Integer> out = new HashMap<>();
        int rank = 0;
        for (String id : ids) {
            if (candidates.containsKey(id)) {
                out.put(id, ++rank);
            }
        }
        return out;
    }

    /** The candidates by cosine similarity to the query (vectors come normalised), most similar first. */
    private Uni<List<String>> vectorRanks(String org, String query, List<ToolEntity> candidates) {
        List<ToolEntity> missing = candidates.stream().filter(t -> vectorOf(t) == null).toList();
        List<String> inputs = new ArrayList<>();
        inputs.add(query);
        missing.forEach(t -> inputs.add(text(t)));
        ObjectNode body = JsonText.MAPPER.createObjectNode();
        ArrayNode in = body.putArray("input");
        inputs.forEach(in::add);
        return embeddings.embeddings(body)
                .onFailure().transform(e -> ApiException.unavailable("Tool search needs embedding-service, which did not answer: " + e.getMessage()))
                // metered as an embedding call of the organization: the tokens of what was sent, as estimated here
                .call(res -> usage.embedding(org, null, "tool-search:" + java.util.UUID.randomUUID(), res.path("model").asText(null),
                        inputs.stream().mapToLong(dev.engram.agent.loop.TokenCounter::count).sum(), true))
                .map(res -> {
                    JsonNode data = res.path("data");
                    float[] q = vector(data.get(0));
                    Map<String, float[]> byId = new java.util.HashMap<>();
                    candidates.forEach(t -> byId.put(t.id, vectorOf(t)));
                    for (int i = 0; i < missing.size(); i++) {
                        ToolEntity t = missing.get(i);
                        float[] v = vector(data.get(i + 1));
                        vectors.put(t.id, new Embedded(text(t), v));
                        byId.put(t.id, v);
                    }
                    return candidates.stream()
                            .sorted(Comparator.comparingDouble((ToolEntity t) -> -dot(q, byId.get(t.id))).thenComparing(t -> t.name))
                            .map(t -> t.id).toList();
                });
    }

    /** The cached vector of the tool's current text, or null when there is none yet (or its text changed). */
    private float[] vectorOf(ToolEntity t) {
        Embedded e = vectors.get(t.id);
        return e != null && e.text().equals(text(t)) ? e.vector() : null;
    }

    /** What a tool is matched on: its name (words apart) and its description. */
    static String text(ToolEntity t) {
        return t.name.replace('_', ' ') + ": " + (t.description == null ? "" : t.description);
    }

    private static float[] vector(JsonNode item) {
        JsonNode e = item.path("embedding");
        float[] v = new float[e.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) e.get(i).asDouble();
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
