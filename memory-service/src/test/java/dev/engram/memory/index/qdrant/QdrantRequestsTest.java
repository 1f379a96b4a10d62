package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.WriteOrderingType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QdrantRequestsTest {

    private static final Instant CREATED = Instant.parse("2026-02-03T04:05:06.789012Z");
    private final QdrantRequests requests = new QdrantRequests(new Bm25Encoder(64));

    private static IndexedPassage passage(float[] vector) {
        return new IndexedPassage("passage-1", "org-1", "agent-1", "Ann likes green tea", List.of("food", "ann"),
                CREATED, vector);
    }

    @Test
    void point_carries_payload_dense_and_sparse_vectors() {
        PointStruct point = requests.point(passage(new float[]{3, 4}));

        assertEquals(QdrantRequests.pointId("org-1", "passage-1"), point.getId());
        Map<String, Vector> vectors = point.getVectors().getVectors().getVectorsMap();
        assertEquals(List.of(0.6f, 0.8f), vectors.get(QdrantSchema.DENSE).getDense().getDataList());
        assertThat(vectors.get(QdrantSchema.BM25).getSparse().getIndicesList(), containsInAnyOrder(
                Bm25Encoder.index("ann"), Bm25Encoder.index("like"), Bm25Encoder.index("green"),
                Bm25Encoder.index("tea")));
        var payload = point.getPayloadMap();
        assertEquals("passage-1", payload.get("passage_id").getStringValue());
        assertEquals("org-1", payload.get("organization_id").getStringValue());
        assertEquals("agent-1", payload.get("agent_id").getStringValue());
        assertEquals("Ann likes green tea", payload.get("text").getStringValue());
        assertEquals(EpochMicros.of(CREATED), payload.get("created_at").getIntegerValue());
        assertThat(payload.get("tags").getListValue().getValuesList().stream().map(v -> v.getStringValue()).toList(),
                contains("food", "ann"));
    }

    @Test
    void text_only_point_has_only_the_sparse_vector() {
        PointStruct point = requests.point(passage(null));

        assertEquals(List.of(QdrantSchema.BM25),
                List.copyOf(point.getVectors().getVectors().getVectorsMap().keySet()));
    }

    @Test
    void point_ids_are_stable_uuids_scoped_by_organization() {
        PointId id = QdrantRequests.pointId("org-1", "passage-1");
        assertEquals(id, QdrantRequests.pointId("org-1", "passage-1"));
        assertNotEquals(id, QdrantRequests.pointId("org-2", "passage-1"));
        assertEquals(36, id.getUuid().length());
    }

    @Test
    void upserts_and_deletes_wait_and_keep_their_order() {
        UpsertPoints upsert = QdrantRequests.upsert("c", List.of(requests.point(passage(null))));
        assertTrue(upsert.getWait());
        assertEquals(WriteOrderingType.Medium, upsert.getOrdering().getType());
        assertEquals(1, upsert.getPointsCount());

        DeletePoints delete = QdrantRequests.deletePoints("c", QdrantRequests.pointIds("org-1", List.of("p1", "p2")));
        assertTrue(delete.getWait());
        assertEquals(WriteOrderingType.Medium, delete.getOrdering().getType());
        assertEquals(List.of(QdrantRequests.pointId("org-1", "p1"), QdrantRequests.pointId("org-1", "p2")),
                delete.getPoints().getPoints().getIdsList());
    }

    @Test
    void delete_agent_selects_by_organization_and_agent() {
        DeletePoints delete = QdrantRequests.deleteAgent("c", "org-1", "agent-1");

        assertEquals(QdrantRequests.agentFilter("org-1", "agent-1"), delete.getPoints().getFilter());
        assertEquals(List.of("organization_id=org-1", "agent_id=agent-1"),
                keywords(delete.getPoints().getFilter()));
    }

    @Test
    void filter_always_scopes_to_organization_and_agent() {
        Filter filter = QdrantRequests.filter(IndexQuery.of("org-1", "agent-1", "tea", null));

        assertEquals(List.of("organization_id=org-1", "agent_id=agent-1"), keywords(filter));
        assertEquals(0, filter.getShouldCount());
        assertEquals(0, filter.getMustNotCount());
    }

    @Test
    void a_search_over_several_partitions_matches_any_of_their_keys_within_the_organization() {
        Filter filter = QdrantRequests.filter(new IndexQuery("org-1", "archive-1", "tea", null,
                dev.engram.memory.index.SearchMode.BM25, 5, List.of(), false, null, null, null, List.of("archive-2")));

        assertEquals(List.of("organization_id=org-1"), keywords(filter).subList(0, 1));
        Condition partitions = filter.getMust(1);
        assertEquals("agent_id", partitions.getField().getKey());
        assertEquals(List.of("archive-1", "archive-2"), partitions.getField().getMatch().getKeywords().getStringsList());
        assertEquals(2, filter.getMustCount());
    }

    @Test
    void tags_any_is_one_keywords_condition_and_all_is_one_condition_per_tag() {
        IndexQuery query = IndexQuery.of("org-1", "agent-1", "tea", null);

        Filter any = QdrantRequests.filter(query.withTags(List.of("a", "b"), false));
        Condition tags = any.getMust(2);
        assertEquals("tags", tags.getField().getKey());
        assertEquals(List.of("a", "b"), tags.getField().getMatch().getKeywords().getStringsList());

        Filter all = QdrantRequests.filter(query.withTags(List.of("a", "b"), true));
        assertEquals(List.of("organization_id=org-1", "agent_id=agent-1", "tags=a", "tags=b"), keywords(all));
    }

    @Test
    void time_range_is_inclusive_in_microseconds_and_open_ends_are_unset() {
        IndexQuery query = IndexQuery.of("org-1", "agent-1", "tea", null);
        Instant end = CREATED.plusSeconds(60);

        var both = QdrantRequests.filter(query.withTimeRange(CREATED, end)).getMust(2).getField();
        assertEquals("created_at", both.getKey());
        assertEquals((double) EpochMicros.of(CREATED), both.getRange().getGte());
        assertEquals((double) EpochMicros.of(end), both.getRange().getLte());
        assertFalse(both.getRange().hasGt());
        assertFalse(both.getRange().hasLt());

        var from = QdrantRequests.filter(query.withTimeRange(CREATED, null)).getMust(2).getField().getRange();
        assertTrue(from.hasGte());
        assertFalse(from.hasLte());
    }

    @Test
    void hybrid_query_prefetches_dense_and_sparse_under_the_filter_and_fuses_with_rrf_k() {
        IndexQuery query = IndexQuery.of("org-1", "agent-1", "green tea", new float[]{0, 2}).withTopK(5)
                .withTags(List.of("food"), true);

        QueryPoints request = requests.hybridRrf("engram_passages_2", query, 100, 60);

        assertEquals("engram_passages_2", request.getCollectionName());
        assertEquals(5, request.getLimit());
        assertEquals(60, request.getQuery().getRrf().getK());
        assertEquals(2, request.getPrefetchCount());
        PrefetchQuery dense = request.getPrefetch(0);
        assertEquals(QdrantSchema.DENSE, dense.getUsing());
        assertEquals(List.of(0f, 1f), dense.getQuery().getNearest().getDense().getDataList());
        assertEquals(100, dense.getLimit());
        PrefetchQuery sparse = request.getPrefetch(1);
        assertEquals(QdrantSchema.BM25, sparse.getUsing());
        assertThat(sparse.getQuery().getNearest().getSparse().getIndicesList(),
                containsInAnyOrder(Bm25Encoder.index("green"), Bm25Encoder.index("tea")));
        assertEquals(100, sparse.getLimit());
        Filter expected = QdrantRequests.filter(query);
        assertEquals(expected, dense.getFilter());
        assertEquals(expected, sparse.getFilter());
        assertEquals(expected, request.getFilter());
        assertThat(request.getWithPayload().getInclude().getFieldsList(),
                containsInAnyOrder("passage_id", "text", "tags", "created_at"));
    }

    @Test
    void single_ranking_queries_use_their_named_vector() {
        IndexQuery query = IndexQuery.of("org-1", "agent-1", "green tea", new float[]{1, 0});

        QueryPoints dense = QdrantRequests.dense("c", query, 7);
        assertEquals(QdrantSchema.DENSE, dense.getUsing());
        assertEquals(7, dense.getLimit());
        assertEquals(0, dense.getPrefetchCount());
        assertEquals(QdrantRequests.filter(query), dense.getFilter());

        QueryPoints bm25 = requests.bm25("c", query, 9);
        assertEquals(QdrantSchema.BM25, bm25.getUsing());
        assertEquals(List.of(1f, 1f), bm25.getQuery().getNearest().getSparse().getValuesList());
        assertEquals(9, bm25.getLimit());
    }

    @Test
    void text_without_searchable_terms_makes_no_sparse_query() {
        IndexQuery query = IndexQuery.of("org-1", "agent-1", "the of and", new float[]{1, 0});
        assertNull(requests.bm25("c", query, 10));
        assertNull(requests.hybridRrf("c", query, 100, 60));
    }

    @Test
    void watermark_is_one_fixed_point_in_the_meta_collection() {
        PointStruct point = QdrantRequests.watermarkPoint(42);
        assertEquals(QdrantRequests.WATERMARK_POINT, point.getId());
        assertEquals(42, point.getPayloadMap().get("watermark").getIntegerValue());
        assertEquals(List.of(1f), point.getVectors().getVector().getDense().getDataList());

        var read = QdrantRequests.readWatermark("engram_meta");
        assertEquals("engram_meta", read.getCollectionName());
        assertEquals(List.of(QdrantRequests.WATERMARK_POINT), read.getIdsList());
    }

    /** The filter's must conditions as key=keyword. */
    private static List<String> keywords(Filter filter) {
        return filter.getMustList().stream()
                .map(c -> c.getField().getKey() + "=" + c.getField().getMatch().getKeyword()).toList();
    }
}
