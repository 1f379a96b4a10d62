package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexHit;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

class QdrantHitsTest {

    private static final Instant CREATED = Instant.parse("2026-02-03T04:05:06.789012Z");

    private static ScoredPoint point(String id, float score) {
        return ScoredPoint.newBuilder()
                .setId(QdrantRequests.pointId("org", id))
                .setScore(score)
                .putPayload("passage_id", value(id))
                .putPayload("text", value("text of " + id))
                .putPayload("tags", list(List.of(value("t1"), value("t2"))))
                .putPayload("created_at", value(EpochMicros.of(CREATED)))
                .build();
    }

    @Test
    void scored_point_maps_to_a_hit_with_its_payload() {
        IndexHit hit = QdrantHits.hits(List.of(point("p1", 0.5f))).getFirst();

        assertEquals(new IndexHit("p1", 0.5, "text of p1", List.of("t1", "t2"), CREATED), hit);
    }

    @Test
    void rankings_of_several_collections_merge_by_score() {
        List<IndexHit> hits = QdrantHits.merge(List.of(
                List.of(point("a", 3f), point("b", 1f)),
                List.of(point("c", 2f))), 2);

        assertThat(hits.stream().map(IndexHit::passageId).toList(), contains("a", "c"));
    }

    @Test
    void client_side_fusion_matches_passages_by_id() {
        // equal weights: b (found by both) first, then a (best dense), then c
        List<IndexHit> hits = QdrantHits.fuse(FusionMode.WEIGHTED, new FusionSettings(FusionMode.WEIGHTED, 60, 0.5, 100),
                List.of(point("a", 0.9f), point("b", 0.3f)),
                List.of(point("b", 8f), point("c", 4f)), 3);

        assertThat(hits.stream().map(IndexHit::passageId).toList(), contains("b", "a", "c"));
        assertEquals("text of b", hits.getFirst().text());
    }

    @Test
    void watermark_is_zero_until_written() {
        assertEquals(0, QdrantHits.watermark(List.of()));
        assertEquals(17, QdrantHits.watermark(List.of(RetrievedPoint.newBuilder()
                .putPayload("watermark", value(17)).build())));
    }
}
