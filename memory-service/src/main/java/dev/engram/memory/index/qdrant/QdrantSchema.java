package dev.engram.memory.index.qdrant;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.HnswConfigDiff;
import io.qdrant.client.grpc.Collections.IntegerIndexParams;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;

import java.util.List;

/**
 * Collection layout. One collection per embedding dimension ({prefix}_passages_384) holding a named cosine vector
 * {@value #DENSE} and a named sparse vector {@value #BM25} with the IDF modifier; passages without a vector go to
 * {prefix}_passages_text, which has the sparse vector only; the watermark lives in {prefix}_meta. Every collection is
 * created with the configured {@link QdrantLayout} and automatic sharding (points placed by id hash): custom sharding
 * (a shard key per tenant, which every write and search would have to name) is not needed, since agent_id is already
 * a tenant payload index.
 */
final class QdrantSchema {

    static final String DENSE = "dense";
    static final String BM25 = "bm25";

    static final String PASSAGE_ID = "passage_id";
    static final String ORGANIZATION_ID = "organization_id";
    static final String AGENT_ID = "agent_id";
    static final String TAGS = "tags";
    /** Microseconds since the epoch, an integer: exact range filters at PostgreSQL's precision. */
    static final String CREATED_AT = "created_at";
    static final String TEXT = "text";
    static final List<String> SHOWN = List.of(PASSAGE_ID, TEXT, TAGS, CREATED_AT);

    private final String prefix;
    private final QdrantLayout layout;

    QdrantSchema(String prefix) {
        this(prefix, QdrantLayout.DEFAULTS);
    }

    QdrantSchema(String prefix, QdrantLayout layout) {
        if (!prefix.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("Qdrant collection prefix must be letters, digits, '_' or '-'");
        }
        this.prefix = prefix;
        this.layout = layout;
    }

    QdrantLayout layout() {
        return layout;
    }

    /** Shards a collection is created with; 0 leaves the count to Qdrant. */
    int shards(String collection) {
        if (layout.shards().isEmpty()) {
            return 0;
        }
        // the meta collection holds one point: more shards would only add fan-out
        return collection.equals(metaCollection()) ? 1 : layout.shards().getAsInt();
    }

    /** The collection of passages with vectors of this dimension; 0 for passages without a vector. */
    String passageCollection(int dimension) {
        return passagePrefix() + (dimension == 0 ? "text" : Integer.toString(dimension));
    }

    boolean isPassageCollection(String name) {
        return name.startsWith(passagePrefix());
    }

    String metaCollection() {
        return prefix + "_meta";
    }

    CreateCollection createPassageCollection(String name, int dimension) {
        CreateCollection.Builder create = laidOut(name)
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder().putMap(BM25,
                        SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build()));
        if (dimension > 0) {
            create.setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                            .putMap(DENSE, VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine)
                                    .build())))
                    // every search is filtered by agent: build one graph per agent (payload_m) instead of a
                    // global graph (m = 0), as Qdrant recommends for multitenancy
                    .setHnswConfig(HnswConfigDiff.newBuilder().setM(0).setPayloadM(16));
        }
        return create.build();
    }

    /** Created right after the collection, before any point, so that graphs and filters use them. */
    List<CreateFieldIndexCollection> payloadIndexes(String collection) {
        return List.of(
                keyword(collection, AGENT_ID, KeywordIndexParams.newBuilder().setIsTenant(true).build()),
                keyword(collection, ORGANIZATION_ID, KeywordIndexParams.newBuilder().setEnableHnsw(false).build()),
                keyword(collection, TAGS, KeywordIndexParams.newBuilder().setEnableHnsw(false).build()),
                CreateFieldIndexCollection.newBuilder()
                        .setCollectionName(collection)
                        .setWait(true)
                        .setFieldName(CREATED_AT)
                        .setFieldType(FieldType.FieldTypeInteger)
                        .setFieldIndexParams(PayloadIndexParams.newBuilder().setIntegerIndexParams(
                                IntegerIndexParams.newBuilder().setLookup(false).setRange(true).setEnableHnsw(false)))
                        .build());
    }

    /** One point with a one-dimensional placeholder vector: every Qdrant version accepts that shape. */
    CreateCollection createMetaCollection() {
        return laidOut(metaCollection())
                .setVectorsConfig(VectorsConfig.newBuilder()
                        .setParams(VectorParams.newBuilder().setSize(1).setDistance(Distance.Dot)))
                .build();
    }

    private CreateCollection.Builder laidOut(String name) {
        return layout.applyTo(CreateCollection.newBuilder().setCollectionName(name)
                .setShardingMethod(ShardingMethod.Auto), shards(name));
    }

    private String passagePrefix() {
        return prefix + "_passages_";
    }

    private static CreateFieldIndexCollection keyword(String collection, String field, KeywordIndexParams params) {
        return CreateFieldIndexCollection.newBuilder()
                .setCollectionName(collection)
                .setWait(true)
                .setFieldName(field)
                .setFieldType(FieldType.FieldTypeKeyword)
                .setFieldIndexParams(PayloadIndexParams.newBuilder().setKeywordIndexParams(params))
                .build();
    }
}
