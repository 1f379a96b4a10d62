package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexException;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import dev.engram.memory.index.SearchMode;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.QueryBatchPoints;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpsertPoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.qdrant.client.ValueFactory.value;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The adapter's conversation with Qdrant, against an in-process fake: which calls, in which order. */
class QdrantVectorIndexTest {

    private FakeQdrant qdrant;
    private QdrantVectorIndex index;

    @BeforeEach
    void start() throws Exception {
        qdrant = new FakeQdrant();
        index = new QdrantVectorIndex(qdrant.client("secret"), "engram", 64, FusionSettings.DEFAULTS);
    }

    @AfterEach
    void stop() {
        index.close();
        qdrant.close();
    }

    private static IndexedPassage passage(String id, float[] vector) {
        return new IndexedPassage(id, "org", "agent", "green tea", List.of(), Instant.EPOCH, vector);
    }

    @Test
    void first_upsert_creates_the_collection_and_its_indexes_then_writes_the_watermark_last() {
        index.upsert(List.of(passage("p1", new float[]{1, 0})), 5);

        assertEquals(List.of(
                "List",
                "Exists engram_passages_2", "Create engram_passages_2",
                "Index engram_passages_2 agent_id", "Index engram_passages_2 organization_id",
                "Index engram_passages_2 tags", "Index engram_passages_2 created_at",
                "Upsert engram_passages_2",
                "Exists engram_meta",
                "Exists engram_meta", "Create engram_meta", "Upsert engram_meta"), qdrant.calls);
        UpsertPoints watermark = qdrant.requests(UpsertPoints.class).getLast();
        assertEquals(5, watermark.getPoints(0).getPayloadMap().get("watermark").getIntegerValue());
        assertEquals(5, index.watermark());
    }

    @Test
    void every_call_carries_the_api_key() {
        index.upsert(List.of(passage("p1", null)), 1);

        assertThat(qdrant.apiKeys, not(empty()));
        qdrant.apiKeys.forEach(key -> assertEquals("secret", key));
    }

    @Test
    void collections_are_set_up_once_per_process() {
        index.upsert(List.of(passage("p1", null)));
        qdrant.calls.clear();

        index.upsert(List.of(passage("p2", null)));

        assertEquals(List.of("List", "Upsert engram_passages_text"), qdrant.calls);
    }

    @Test
    void a_passage_that_gains_a_vector_leaves_the_text_collection() {
        index.upsert(List.of(passage("p1", null)));
        qdrant.calls.clear();

        index.upsert(List.of(passage("p1", new float[]{0, 1})));

        assertThat(qdrant.calls, hasItem("Upsert engram_passages_2"));
        assertThat(qdrant.calls, hasItem("Delete engram_passages_text"));
        DeletePoints delete = qdrant.requests(DeletePoints.class).getLast();
        assertEquals(List.of(QdrantRequests.pointId("org", "p1")), delete.getPoints().getPoints().getIdsList());
    }

    @Test
    void a_failed_write_raises_and_does_not_advance_the_watermark() {
        index.upsert(List.of(passage("p1", null)), 3);
        qdrant.failUpserts = Status.UNAVAILABLE;

        assertThrows(IndexException.class, () -> index.upsert(List.of(passage("p2", null)), 4));

        assertEquals(3, index.watermark());
    }

    @Test
    void searching_before_anything_was_indexed_finds_nothing() {
        assertThat(index.search(IndexQuery.of("org", "agent", "tea", new float[]{1, 0})), empty());
        assertThat(index.search(IndexQuery.of("org", "agent", "tea", null)), empty());
        assertEquals(0, index.count("org", "agent"));
        assertEquals(0, index.watermark());
    }

    @Test
    void hybrid_rrf_is_one_query_fused_by_qdrant() {
        qdrant.collections.add("engram_passages_2");
        qdrant.queryResult = List.of(scored("p1", 0.03f));

        var hits = index.search(IndexQuery.of("org", "agent", "tea", new float[]{1, 0}));

        assertThat(hits.stream().map(h -> h.passageId()).toList(), contains("p1"));
        QueryPoints query = qdrant.requests(QueryPoints.class).getLast();
        assertEquals(FusionSettings.DEFAULTS.rrfK(), query.getQuery().getRrf().getK());
        assertEquals(2, query.getPrefetchCount());
    }

    @Test
    void hybrid_weighted_fetches_both_rankings_in_one_batch_and_fuses_them_here() {
        qdrant.collections.add("engram_passages_2");
        qdrant.queryResult = List.of(scored("p1", 0.9f), scored("p2", 0.3f));

        var hits = index.search(IndexQuery.of("org", "agent", "tea", new float[]{1, 0}).withFusion(FusionMode.WEIGHTED));

        assertThat(hits.stream().map(h -> h.passageId()).toList(), contains("p1", "p2"));
        assertEquals(2, qdrant.requests(QueryBatchPoints.class).getLast().getQueryPointsCount());
    }

    @Test
    void text_search_asks_every_passage_collection() {
        qdrant.collections.addAll(List.of("engram_passages_2", "engram_passages_text", "engram_meta", "other"));

        index.search(IndexQuery.of("org", "agent", "tea", null).withMode(SearchMode.BM25));

        // the queries run concurrently, so their order is not fixed
        assertThat(qdrant.requests(QueryPoints.class).stream().map(QueryPoints::getCollectionName).toList(),
                containsInAnyOrder("engram_passages_2", "engram_passages_text"));
    }

    @Test
    void watermark_is_read_once_from_the_meta_collection() {
        qdrant.collections.add("engram_meta");

        assertEquals(0, index.watermark());
        assertEquals(0, index.watermark());

        assertEquals(List.of("Exists engram_meta", "Get engram_meta"), qdrant.calls);
    }

    @Test
    void count_sums_over_passage_collections() {
        qdrant.collections.addAll(List.of("engram_passages_2", "engram_passages_text"));

        assertEquals(4, index.count("org", "agent"));
    }

    @Test
    void clear_drops_only_this_prefixes_collections() {
        qdrant.collections.addAll(List.of("engram_passages_2", "engram_meta", "someone_else"));

        index.clear();

        assertEquals(List.of("someone_else"), List.copyOf(qdrant.collections));
        assertEquals(0, index.watermark());
    }

    @Test
    void collection_created_meanwhile_by_another_replica_is_fine() {
        qdrant.collections.add("engram_passages_text");

        index.upsert(List.of(passage("p1", null)));

        assertThat(qdrant.requests(CreateCollection.class), empty());
        assertThat(qdrant.calls, hasItem("Upsert engram_passages_text"));
    }

    private static ScoredPoint scored(String id, float score) {
        return ScoredPoint.newBuilder().setScore(score)
                .putPayload("passage_id", value(id))
                .putPayload("text", value("text"))
                .putPayload("created_at", value(EpochMicros.of(Instant.EPOCH)))
                .build();
    }
}
