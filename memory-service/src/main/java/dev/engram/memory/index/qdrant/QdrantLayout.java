package dev.engram.memory.index.qdrant;

import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateCollection;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How the collections memory-service creates are laid out over a Qdrant cluster: shards, copies of each shard, and
 * how many copies must acknowledge a write. An empty value leaves Qdrant's default (its {@code storage.collection}
 * settings: one shard per peer present at creation, replication factor 1, write consistency 1). Applied only when a
 * collection is created; Qdrant cannot split the shards of an existing one.
 */
public record QdrantLayout(OptionalInt shards, OptionalInt replicationFactor, OptionalInt writeConsistencyFactor) {

    public static final String SHARDS = "ENGRAM_QDRANT_SHARDS";
    public static final String REPLICATION_FACTOR = "ENGRAM_QDRANT_REPLICATION_FACTOR";
    public static final String WRITE_CONSISTENCY = "ENGRAM_QDRANT_WRITE_CONSISTENCY";

    /** Qdrant's default replication factor, the bound of the write consistency when no replication factor is set. */
    private static final int DEFAULT_REPLICATION = 1;

    public static final QdrantLayout DEFAULTS = new QdrantLayout(OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty());

    /** Fails with a message naming the variable, so that a bad value stops the service at start. */
    public QdrantLayout {
        atLeastOne(SHARDS, "engram.index.qdrant.shards", shards);
        atLeastOne(REPLICATION_FACTOR, "engram.index.qdrant.replication-factor", replicationFactor);
        atLeastOne(WRITE_CONSISTENCY, "engram.index.qdrant.write-consistency-factor", writeConsistencyFactor);
        int copies = replicationFactor.orElse(DEFAULT_REPLICATION);
        if (writeConsistencyFactor.isPresent() && writeConsistencyFactor.getAsInt() > copies) {
            throw new IllegalArgumentException(WRITE_CONSISTENCY + " (" + writeConsistencyFactor.getAsInt()
                    + ") cannot exceed " + REPLICATION_FACTOR + " (" + copies
                    + (replicationFactor.isPresent() ? "" : ", Qdrant's default when unset")
                    + "): a write cannot wait for more copies than a shard has");
        }
    }

    /** Sets what is configured on a collection about to be created; the rest stays Qdrant's default. */
    CreateCollection.Builder applyTo(CreateCollection.Builder create, int shardsOfThisCollection) {
        if (shardsOfThisCollection > 0) {
            create.setShardNumber(shardsOfThisCollection);
        }
        replicationFactor.ifPresent(create::setReplicationFactor);
        writeConsistencyFactor.ifPresent(create::setWriteConsistencyFactor);
        return create;
    }

    boolean isDefault() {
        return shards.isEmpty() && replicationFactor.isEmpty() && writeConsistencyFactor.isEmpty();
    }

    /**
     * How an existing collection differs from the configured layout, e.g. {@code "ENGRAM_QDRANT_SHARDS 6 (collection:
     * 3)"}; empty when it matches. {@code expectedShards} is 0 when the shard count is left to Qdrant.
     */
    List<String> differences(CollectionParams actual, int expectedShards) {
        List<String> differences = new ArrayList<>();
        if (expectedShards > 0 && actual.getShardNumber() != expectedShards) {
            differences.add(difference(SHARDS, expectedShards, actual.getShardNumber()));
        }
        // absent in the reply: Qdrant's default, 1
        int copies = actual.hasReplicationFactor() ? actual.getReplicationFactor() : DEFAULT_REPLICATION;
        if (replicationFactor.isPresent() && copies != replicationFactor.getAsInt()) {
            differences.add(difference(REPLICATION_FACTOR, replicationFactor.getAsInt(), copies));
        }
        int acks = actual.hasWriteConsistencyFactor() ? actual.getWriteConsistencyFactor() : 1;
        if (writeConsistencyFactor.isPresent() && acks != writeConsistencyFactor.getAsInt()) {
            differences.add(difference(WRITE_CONSISTENCY, writeConsistencyFactor.getAsInt(), acks));
        }
        return differences;
    }

    private static String difference(String variable, int configured, int actual) {
        return variable + "=" + configured + " (collection: " + actual + ")";
    }

    private static void atLeastOne(String variable, String key, OptionalInt value) {
        if (value.isPresent() && value.getAsInt() < 1) {
            throw new IllegalArgumentException(variable + " (" + key + ") must be at least 1, not " + value.getAsInt());
        }
    }
}
