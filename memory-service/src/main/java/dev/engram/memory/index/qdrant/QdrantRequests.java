package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.Rrf;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.WriteOrdering;
import io.qdrant.client.grpc.Points.WriteOrderingType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.QueryFactory.rrf;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorFactory.vector;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.include;

/** Maps the port's records to Qdrant requests; pure, so it is tested on the protobuf messages themselves. */
final class QdrantRequests {

    static final PointId WATERMARK_POINT = id(1);
    static final String WATERMARK = "watermark";
    /** Replicated Qdrant may otherwise reorder writes, e.g. a delete overtaking the upsert it follows. */
    private static final WriteOrdering ORDERED = WriteOrdering.newBuilder().setType(WriteOrderingType.Medium).build();

    private final Bm25Encoder bm25;

    QdrantRequests(Bm25Encoder bm25) {
        this.bm25 = bm25;
    }

    /** Organization-scoped and stable: the same passage always lands on the same point. */
    static PointId pointId(String organizationId, String passageId) {
        return id(UUID.nameUUIDFromBytes((organizationId + '\u0000' + passageId).getBytes(StandardCharsets.UTF_8)));
    }

    PointStruct point(IndexedPassage passage) {
        Map<String, Vector> vectors = new HashMap<>();
        Bm25Encoder.Sparse sparse = bm25.document(passage.searchText());
        vectors.put(QdrantSchema.BM25, vector(sparse.values(), sparse.indices()));
        if (passage.vector() != null) {
            vectors.put(QdrantSchema.DENSE, vector(passage.vector()));
        }
        return PointStruct.newBuilder()
                .setId(pointId(passage.organizationId(), passage.id()))
                .setVectors(namedVectors(vectors))
                .putPayload(QdrantSchema.PASSAGE_ID, value(passage.id()))
                .putPayload(QdrantSchema.ORGANIZATION_ID, value(passage.organizationId()))
                .putPayload(QdrantSchema.AGENT_ID, value(passage.agentId()))
                .putPayload(QdrantSchema.TAGS, list(passage.tags().stream().map(ValueFactory::value).toList()))
                .putPayload(QdrantSchema.CREATED_AT, value(EpochMicros.of(passage.createdAt())))
                .putPayload(QdrantSchema.TEXT, value(passage.text()))
                .build();
    }

    /** wait = true: Qdrant answers once the points are applied and searchable (read-your-writes). */
    static UpsertPoints upsert(String collection, List<PointStruct> points) {
        return UpsertPoints.newBuilder().setCollectionName(collection).setWait(true).setOrdering(ORDERED)
                .addAllPoints(points).build();
    }

    static DeletePoints deletePoints(String collection, List<PointId> ids) {
        return delete(collection, PointsSelector.newBuilder().setPoints(PointsIdsList.newBuilder().addAllIds(ids)));
    }

    static DeletePoints deleteAgent(String collection, String organizationId, String agentId) {
        return delete(collection, PointsSelector.newBuilder().setFilter(agentFilter(organizationId, agentId)));
    }

    static Filter agentFilter(String organizationId, String agentId) {
        return agentConditions(organizationId, agentId).build();
    }

    static Filter filter(IndexQuery query) {
        List<String> agents = query.agentIds();
        Filter.Builder filter = agents.size() == 1 ? agentConditions(query.organizationId(), query.agentId())
                : Filter.newBuilder().addMust(matchKeyword(QdrantSchema.ORGANIZATION_ID, query.organizationId()))
                .addMust(matchKeywords(QdrantSchema.AGENT_ID, agents));
        if (!query.tags().isEmpty()) {
            if (query.tagMatchAll()) {
                query.tags().forEach(tag -> filter.addMust(matchKeyword(QdrantSchema.TAGS, tag)));
            } else {
                filter.addMust(matchKeywords(QdrantSchema.TAGS, query.tags()));
            }
        }
        if (query.start() != null || query.end() != null) {
            // microseconds stay exact as doubles (below 2^53) until the year 2255
            Range.Builder range = Range.newBuilder();
            if (query.start() != null) {
                range.setGte(EpochMicros.of(query.start()));
            }
            if (query.end() != null) {
                range.setLte(EpochMicros.of(query.end()));
            }
            filter.addMust(range(QdrantSchema.CREATED_AT, range.build()));
        }
        return filter.build();
    }

    static QueryPoints dense(String collection, IndexQuery query, int limit) {
        return shown(collection, limit)
                .setQuery(nearest(query.vector()))
                .setUsing(QdrantSchema.DENSE)
                .setFilter(filter(query))
                .build();
    }

    /** Null when the text has no searchable term (empty or only stop words). */
    QueryPoints bm25(String collection, IndexQuery query, int limit) {
        Bm25Encoder.Sparse sparse = bm25.query(query.text());
        if (sparse.isEmpty()) {
            return null;
        }
        return shown(collection, limit)
                .setQuery(nearest(sparse.values(), sparse.indices()))
                .setUsing(QdrantSchema.BM25)
                .setFilter(filter(query))
                .build();
    }

    /**
     * Both rankings prefetched under the same filter and fused by Qdrant with RRF and our k (Qdrant's own default
     * k is 2). Null when the text has no searchable term.
     */
    QueryPoints hybridRrf(String collection, IndexQuery query, int depth, int rrfK) {
        Bm25Encoder.Sparse sparse = bm25.query(query.text());
        if (sparse.isEmpty()) {
            return null;
        }
        Filter filter = filter(query);
        return shown(collection, query.topK())
                .addPrefetch(PrefetchQuery.newBuilder().setQuery(nearest(query.vector())).setUsing(QdrantSchema.DENSE)
                        .setFilter(filter).setLimit(depth))
                .addPrefetch(PrefetchQuery.newBuilder().setQuery(nearest(sparse.values(), sparse.indices()))
                        .setUsing(QdrantSchema.BM25).setFilter(filter).setLimit(depth))
                .setQuery(rrf(Rrf.newBuilder().setK(rrfK).build()))
                .setFilter(filter)
                .build();
    }

    static PointStruct watermarkPoint(long watermark) {
        return PointStruct.newBuilder()
                .setId(WATERMARK_POINT)
                .setVectors(vectors(1f))
                .putPayload(WATERMARK, value(watermark))
                .build();
    }

    static GetPoints readWatermark(String metaCollection) {
        return GetPoints.newBuilder().setCollectionName(metaCollection).addIds(WATERMARK_POINT)
                .setWithPayload(include(List.of(WATERMARK))).build();
    }

    static List<PointId> pointIds(String organizationId, List<String> passageIds) {
        List<PointId> ids = new ArrayList<>(passageIds.size());
        passageIds.forEach(id -> ids.add(pointId(organizationId, id)));
        return ids;
    }

    private static Filter.Builder agentConditions(String organizationId, String agentId) {
        return Filter.newBuilder()
                .addMust(matchKeyword(QdrantSchema.ORGANIZATION_ID, organizationId))
                .addMust(matchKeyword(QdrantSchema.AGENT_ID, agentId));
    }

    private static QueryPoints.Builder shown(String collection, int limit) {
        return QueryPoints.newBuilder().setCollectionName(collection).setLimit(limit)
                .setWithPayload(include(QdrantSchema.SHOWN));
    }

    private static DeletePoints delete(String collection, PointsSelector.Builder selector) {
        return DeletePoints.newBuilder().setCollectionName(collection).setWait(true).setOrdering(ORDERED)
                .setPoints(selector).build();
    }
}
