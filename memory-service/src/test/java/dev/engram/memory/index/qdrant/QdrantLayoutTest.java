package dev.engram.memory.index.qdrant;

import io.qdrant.client.grpc.Collections.CollectionParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QdrantLayoutTest {

    private static QdrantLayout layout(Integer shards, Integer replication, Integer writeConsistency) {
        return new QdrantLayout(opt(shards), opt(replication), opt(writeConsistency));
    }

    private static OptionalInt opt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Test
    void zero_shards_is_rejected_naming_the_variable() {
        var e = assertThrows(IllegalArgumentException.class, () -> layout(0, null, null));
        assertThat(e.getMessage(), containsString("ENGRAM_QDRANT_SHARDS"));
        assertThat(e.getMessage(), containsString("at least 1"));
    }

    @Test
    void zero_replication_and_zero_write_consistency_are_rejected_naming_their_variables() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> layout(null, 0, null)).getMessage(),
                containsString("ENGRAM_QDRANT_REPLICATION_FACTOR"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> layout(null, 2, 0)).getMessage(),
                containsString("ENGRAM_QDRANT_WRITE_CONSISTENCY"));
    }

    @Test
    void write_consistency_above_the_replication_factor_is_rejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> layout(6, 2, 3));
        assertThat(e.getMessage(), containsString("ENGRAM_QDRANT_WRITE_CONSISTENCY (3) cannot exceed "
                + "ENGRAM_QDRANT_REPLICATION_FACTOR (2)"));
    }

    @Test
    void write_consistency_above_one_needs_a_replication_factor() {
        var e = assertThrows(IllegalArgumentException.class, () -> layout(null, null, 2));
        assertThat(e.getMessage(), containsString("Qdrant's default when unset"));
    }

    @Test
    void every_setting_at_its_bound_is_accepted() {
        layout(1, 1, 1);
        layout(6, 2, 2);
        layout(null, 3, null);
    }

    @Test
    void differences_name_each_configured_setting_an_existing_collection_lacks() {
        QdrantLayout layout = layout(6, 2, 1);
        CollectionParams existing = CollectionParams.newBuilder().setShardNumber(3).setReplicationFactor(1)
                .setWriteConsistencyFactor(1).build();

        assertEquals(List.of("ENGRAM_QDRANT_SHARDS=6 (collection: 3)", "ENGRAM_QDRANT_REPLICATION_FACTOR=2 (collection: 1)"),
                layout.differences(existing, 6));
        assertEquals(List.of(), layout.differences(CollectionParams.newBuilder().setShardNumber(6)
                .setReplicationFactor(2).build(), 6), "an absent write consistency is Qdrant's 1");
    }

    @Test
    void unset_settings_are_not_compared() {
        QdrantLayout layout = layout(null, 2, null);
        CollectionParams existing = CollectionParams.newBuilder().setShardNumber(5).setReplicationFactor(2)
                .setWriteConsistencyFactor(2).build();

        assertEquals(List.of(), layout.differences(existing, 0));
    }
}
