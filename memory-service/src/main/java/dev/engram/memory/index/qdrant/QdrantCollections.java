package dev.engram.memory.index.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.engram.memory.index.IndexException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections.CollectionParams;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static dev.engram.memory.index.qdrant.QdrantCalls.await;

/** Which collections exist, created on first use; shared by several service replicas. */
final class QdrantCollections {

    private static final Logger LOG = Logger.getLogger(QdrantCollections.class);
    /** Searches reuse the collection list this long; writes always list afresh. */
    private static final long LIST_TTL_NANOS = Duration.ofSeconds(30).toNanos();

    private final QdrantClient client;
    private final QdrantSchema schema;
    /** Collections this process has created or checked, with their payload indexes. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private volatile List<String> listed;
    private volatile long listedAt;

    QdrantCollections(QdrantClient client, QdrantSchema schema) {
        this.client = client;
        this.schema = schema;
    }

    /** The collection for passages of this dimension (0: no vector), created with its payload indexes if missing. */
    String passages(int dimension) {
        String name = schema.passageCollection(dimension);
        if (!ready.contains(name)) {
            createIfMissing(name, () -> client.createCollectionAsync(schema.createPassageCollection(name, dimension)));
            // idempotent: also repairs a collection whose creator stopped before indexing it
            schema.payloadIndexes(name).forEach(index -> await(client.createPayloadIndexAsync(index, null)));
            ready.add(name);
            listed = null;
        }
        return name;
    }

    String meta() {
        String name = schema.metaCollection();
        if (!ready.contains(name)) {
            createIfMissing(name, () -> client.createCollectionAsync(schema.createMetaCollection()));
            ready.add(name);
        }
        return name;
    }

    /** Passage collections on the server; {@code fresh} for writes, which must not miss one. */
    List<String> passageCollections(boolean fresh) {
        List<String> names = listed;
        if (fresh || names == null || System.nanoTime() - listedAt > LIST_TTL_NANOS) {
            names = await(client.listCollectionsAsync()).stream().filter(schema::isPassageCollection).toList();
            listed = names;
            listedAt = System.nanoTime();
        }
        return names;
    }

    /**
     * Whether a passage collection exists, so that a search for a dimension nothing was indexed in yet (a new agent)
     * is answered without a failing call; a miss re-lists once, in case another replica just created it.
     */
    boolean exists(String collection) {
        return passageCollections(false).contains(collection) || passageCollections(true).contains(collection);
    }

    /** Drops every collection of this prefix (passages and meta), leaving other prefixes alone. */
    void dropAll() {
        for (String collection : await(client.listCollectionsAsync())) {
            if (schema.isPassageCollection(collection) || collection.equals(schema.metaCollection())) {
                await(client.deleteCollectionAsync(collection));
            }
        }
        ready.clear();
        listed = null;
    }

    /**
     * A collection created before the layout was configured (or changed) keeps its shards and copies: Qdrant cannot
     * split shards, and recreating would drop the index. Say so once per collection and process, then use it as is.
     */
    private void warnIfLaidOutOtherwise(String name) {
        if (schema.layout().isDefault()) {
            return;
        }
        CollectionParams params;
        try {
            params = await(client.getCollectionInfoAsync(name)).getConfig().getParams();
        } catch (IndexException e) {
            LOG.debugf(e, "Could not read the layout of Qdrant collection %s", name);
            return;
        }
        List<String> differences = schema.layout().differences(params, schema.shards(name));
        if (!differences.isEmpty()) {
            LOG.warnf("Qdrant collection %s exists with another layout than configured: %s. It is used as it is "
                    + "(not recreated); the settings apply to collections created from now on", name,
                    String.join(", ", differences));
        }
    }

    private void createIfMissing(String name, Supplier<ListenableFuture<?>> create) {
        if (await(client.collectionExistsAsync(name))) {
            warnIfLaidOutOtherwise(name);
            return;
        }
        try {
            await(create.get());
            LOG.infof("Created Qdrant collection %s", name);
        } catch (IndexException e) {
            // another replica may have created it meanwhile; anything else is a real failure
            if (!await(client.collectionExistsAsync(name))) {
                throw e;
            }
        }
    }
}
