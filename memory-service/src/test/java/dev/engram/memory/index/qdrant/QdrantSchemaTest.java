package dev.engram.memory.index.qdrant;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.ShardingMethod;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QdrantSchemaTest {

    private final QdrantSchema schema = new QdrantSchema("engram");

    @Test
    void collections_are_named_per_dimension_with_a_text_collection_and_a_meta_collection() {
        assertEquals("engram_passages_384", schema.passageCollection(384));
        assertEquals("engram_passages_text", schema.passageCollection(0));
        assertEquals("engram_meta", schema.metaCollection());
        assertTrue(schema.isPassageCollection("engram_passages_1536"));
        assertFalse(schema.isPassageCollection("engram_meta"));
        assertFalse(schema.isPassageCollection("other_passages_384"));
    }

    @Test
    void passage_collection_has_a_named_cosine_vector_and_an_idf_sparse_vector() {
        CreateCollection create = schema.createPassageCollection("engram_passages_384", 384);

        assertEquals("engram_passages_384", create.getCollectionName());
        VectorParams dense = create.getVectorsConfig().getParamsMap().getMapMap().get(QdrantSchema.DENSE);
        assertEquals(384, dense.getSize());
        assertEquals(Distance.Cosine, dense.getDistance());
        assertEquals(Modifier.Idf,
                create.getSparseVectorsConfig().getMapMap().get(QdrantSchema.BM25).getModifier());
        assertEquals(0, create.getHnswConfig().getM());
        assertEquals(16, create.getHnswConfig().getPayloadM());
    }

    @Test
    void text_collection_has_only_the_sparse_vector() {
        CreateCollection create = schema.createPassageCollection("engram_passages_text", 0);

        assertFalse(create.hasVectorsConfig());
        assertTrue(create.getSparseVectorsConfig().containsMap(QdrantSchema.BM25));
    }

    @Test
    void payload_indexes_cover_every_filtered_field_with_agent_as_tenant() {
        Map<String, CreateFieldIndexCollection> indexes = schema.payloadIndexes("c").stream()
                .collect(Collectors.toMap(CreateFieldIndexCollection::getFieldName, i -> i));

        assertEquals(List.of("agent_id", "created_at", "organization_id", "tags"),
                indexes.keySet().stream().sorted().toList());
        assertEquals(FieldType.FieldTypeKeyword, indexes.get("agent_id").getFieldType());
        assertTrue(indexes.get("agent_id").getFieldIndexParams().getKeywordIndexParams().getIsTenant());
        assertEquals(FieldType.FieldTypeKeyword, indexes.get("organization_id").getFieldType());
        assertEquals(FieldType.FieldTypeKeyword, indexes.get("tags").getFieldType());
        assertEquals(FieldType.FieldTypeInteger, indexes.get("created_at").getFieldType());
        assertTrue(indexes.get("created_at").getFieldIndexParams().getIntegerIndexParams().getRange());
        indexes.values().forEach(i -> {
            assertEquals("c", i.getCollectionName());
            assertTrue(i.getWait());
        });
    }

    @Test
    void unset_layout_leaves_shards_replication_and_write_consistency_to_qdrant() {
        for (CreateCollection create : List.of(schema.createPassageCollection("engram_passages_384", 384),
                schema.createMetaCollection())) {
            assertFalse(create.hasShardNumber());
            assertFalse(create.hasReplicationFactor());
            assertFalse(create.hasWriteConsistencyFactor());
            assertEquals(ShardingMethod.Auto, create.getShardingMethod());
        }
    }

    @Test
    void configured_layout_is_set_on_passage_collections_and_the_meta_collection_gets_one_shard() {
        QdrantSchema laidOut = new QdrantSchema("engram",
                new QdrantLayout(OptionalInt.of(6), OptionalInt.of(2), OptionalInt.of(1)));

        for (CreateCollection passages : List.of(laidOut.createPassageCollection("engram_passages_384", 384),
                laidOut.createPassageCollection("engram_passages_text", 0))) {
            assertEquals(6, passages.getShardNumber());
            assertEquals(2, passages.getReplicationFactor());
            assertEquals(1, passages.getWriteConsistencyFactor());
            assertEquals(ShardingMethod.Auto, passages.getShardingMethod());
        }
        CreateCollection meta = laidOut.createMetaCollection();
        assertEquals(1, meta.getShardNumber());
        assertEquals(2, meta.getReplicationFactor());
        assertEquals(1, meta.getWriteConsistencyFactor());
    }

    @Test
    void replication_alone_leaves_the_shard_count_to_qdrant() {
        QdrantSchema replicated = new QdrantSchema("engram",
                new QdrantLayout(OptionalInt.empty(), OptionalInt.of(3), OptionalInt.empty()));

        CreateCollection create = replicated.createPassageCollection("engram_passages_384", 384);
        assertFalse(create.hasShardNumber());
        assertEquals(3, create.getReplicationFactor());
        assertFalse(create.hasWriteConsistencyFactor());
        assertFalse(replicated.createMetaCollection().hasShardNumber());
    }

    @Test
    void prefix_must_be_a_safe_collection_name() {
        assertThrows(IllegalArgumentException.class, () -> new QdrantSchema("bad/prefix"));
    }
}
