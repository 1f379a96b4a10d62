package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexedPassage;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateCollection;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The configured layout on the wire: what the create call carries, and what an existing collection makes us say. */
class QdrantCollectionLayoutTest {

    private static final QdrantLayout PROD = new QdrantLayout(OptionalInt.of(6), OptionalInt.of(2), OptionalInt.of(1));

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger(QdrantCollections.class.getName());
    private FakeQdrant qdrant;

    @BeforeEach
    void start() throws Exception {
        qdrant = new FakeQdrant();
        log.addHandler(capture);
    }

    @AfterEach
    void stop() {
        log.removeHandler(capture);
        qdrant.close();
    }

    private QdrantVectorIndex index(QdrantLayout layout) {
        return new QdrantVectorIndex(qdrant.client(null), "engram", layout, 64, FusionSettings.DEFAULTS);
    }

    private static IndexedPassage passage(String id, float[] vector) {
        return new IndexedPassage(id, "org", "agent", "green tea", List.of(), Instant.EPOCH, vector);
    }

    @Test
    void created_collections_carry_the_configured_shards_replication_and_write_consistency() {
        try (QdrantVectorIndex index = index(PROD)) {
            index.upsert(List.of(passage("p1", new float[]{1, 0})), 1);
        }

        Map<String, CreateCollection> created = qdrant.requests(CreateCollection.class).stream()
                .collect(Collectors.toMap(CreateCollection::getCollectionName, c -> c));
        CreateCollection passages = created.get("engram_passages_2");
        assertEquals(6, passages.getShardNumber());
        assertEquals(2, passages.getReplicationFactor());
        assertEquals(1, passages.getWriteConsistencyFactor());
        CreateCollection meta = created.get("engram_meta");
        assertEquals(1, meta.getShardNumber());
        assertEquals(2, meta.getReplicationFactor());
        assertThat(warnings, empty());
    }

    @Test
    void an_existing_collection_with_another_layout_is_kept_and_named_in_a_warning() {
        qdrant.collections.add("engram_passages_2");
        qdrant.layouts.put("engram_passages_2",
                CollectionParams.newBuilder().setShardNumber(3).setReplicationFactor(2).build());

        try (QdrantVectorIndex index = index(PROD)) {
            index.upsert(List.of(passage("p1", new float[]{1, 0})), 1);
            index.upsert(List.of(passage("p2", new float[]{0, 1})), 2);
        }

        assertThat(qdrant.requests(CreateCollection.class).stream().map(CreateCollection::getCollectionName).toList(),
                contains("engram_meta"));
        assertThat(qdrant.calls, hasItem("Upsert engram_passages_2"));
        List<String> about = warnings.stream().filter(w -> w.contains("engram_passages_2")).toList();
        assertEquals(1, about.size(), "one warning per collection and process: " + warnings);
        assertThat(about.getFirst(), containsString("ENGRAM_QDRANT_SHARDS=6 (collection: 3)"));
        assertThat(about.getFirst(), not(containsString("REPLICATION")));
    }

    @Test
    void an_existing_collection_that_matches_gives_no_warning() {
        qdrant.collections.add("engram_passages_2");
        qdrant.layouts.put("engram_passages_2", CollectionParams.newBuilder().setShardNumber(6)
                .setReplicationFactor(2).setWriteConsistencyFactor(1).build());

        try (QdrantVectorIndex index = index(PROD)) {
            index.upsert(List.of(passage("p1", new float[]{1, 0})), 1);
        }

        assertThat(qdrant.calls, hasItem("Info engram_passages_2"));
        assertThat(warnings, empty());
    }

    @Test
    void without_a_configured_layout_existing_collections_are_not_inspected() {
        qdrant.collections.add("engram_passages_2");

        try (QdrantVectorIndex index = index(QdrantLayout.DEFAULTS)) {
            index.upsert(List.of(passage("p1", new float[]{1, 0})), 1);
        }

        assertThat(qdrant.calls.stream().filter(c -> c.startsWith("Info")).toList(), empty());
    }
}
