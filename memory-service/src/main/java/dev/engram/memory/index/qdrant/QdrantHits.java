package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.Fusion;
import dev.engram.memory.index.Fusion.Scored;
import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexHit;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps Qdrant responses back to the port's records. */
final class QdrantHits {

    private QdrantHits() {
    }

    static IndexHit hit(ScoredPoint point, double score) {
        Map<String, Value> payload = point.getPayloadMap();
        List<String> tags = payload.containsKey(QdrantSchema.TAGS)
                ? payload.get(QdrantSchema.TAGS).getListValue().getValuesList().stream()
                .map(Value::getStringValue).toList()
                : List.of();
        return new IndexHit(
                payload.get(QdrantSchema.PASSAGE_ID).getStringValue(),
                score,
                payload.get(QdrantSchema.TEXT).getStringValue(),
                tags,
                EpochMicros.toInstant(payload.get(QdrantSchema.CREATED_AT).getIntegerValue()));
    }

    static List<IndexHit> hits(List<ScoredPoint> points) {
        return points.stream().map(p -> hit(p, p.getScore())).toList();
    }

    /** BM25 rankings of several collections (a passage lives in exactly one), best scores first. */
    static List<IndexHit> merge(List<List<ScoredPoint>> rankings, int topK) {
        List<ScoredPoint> all = new ArrayList<>();
        rankings.forEach(all::addAll);
        all.sort(Comparator.comparingDouble(ScoredPoint::getScore).reversed());
        return hits(all.size() > topK ? all.subList(0, topK) : all);
    }

    /** Client-side fusion, for the modes Qdrant cannot fuse itself; the same code as the embedded adapter. */
    static List<IndexHit> fuse(FusionMode mode, FusionSettings settings, List<ScoredPoint> dense,
                               List<ScoredPoint> bm25, int topK) {
        Map<String, ScoredPoint> points = new HashMap<>();
        List<Scored<String>> fused = Fusion.fuse(mode, settings, ranking(dense, points), ranking(bm25, points), topK);
        return fused.stream().map(s -> hit(points.get(s.key()), s.score())).toList();
    }

    static long watermark(List<RetrievedPoint> points) {
        if (points.isEmpty()) {
            return 0;
        }
        Value value = points.getFirst().getPayloadMap().get(QdrantRequests.WATERMARK);
        return value == null ? 0 : value.getIntegerValue();
    }

    private static List<Scored<String>> ranking(List<ScoredPoint> points, Map<String, ScoredPoint> byId) {
        List<Scored<String>> ranking = new ArrayList<>(points.size());
        for (ScoredPoint point : points) {
            String id = point.getPayloadMap().get(QdrantSchema.PASSAGE_ID).getStringValue();
            byId.putIfAbsent(id, point);
            ranking.add(new Scored<>(id, point.getScore()));
        }
        return ranking;
    }
}
