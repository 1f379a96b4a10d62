package dev.engram.memory.index;

import dev.engram.memory.index.qdrant.QdrantLayout;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Vector index settings. Every key can also be set as an environment variable (ENGRAM_INDEX_...). */
@ConfigMapping(prefix = "engram.index")
public interface IndexConfig {

    /** Directory of the embedded (Lucene) index; created when missing. */
    @WithDefault("${ENGRAM_HOME:./.engram}/index")
    String directory();

    /** Default fusion of HYBRID search: {@code rrf} or {@code weighted}. */
    @WithDefault("rrf")
    FusionMode fusion();

    /**
     * RRF constant k: larger values flatten the advantage of top ranks. 5 rather than the customary 60: with two
     * rankings of unequal quality a flat fusion lets the weaker one's many mid-ranked passages crowd out the other's
     * best (LoCoMo recall@10 0.698 at 60, 0.744 at 5; see the README's benchmark).
     */
    @WithDefault("5")
    int rrfK();

    /**
     * Weight of the dense ranking in weighted fusion, in [0, 1]; BM25 gets the rest. 0.2 suits the small local
     * MiniLM model (best on LoCoMo); a stronger embedding model deserves more.
     */
    @WithDefault("0.2")
    double denseWeight();

    /** How many candidates each ranking contributes to fusion (at least top_k). */
    @WithDefault("100")
    int candidates();

    /**
     * How often pending outbox entries are applied to the index (read by the passage outbox relay). Declared here
     * because every key under engram.index must belong to this mapping.
     */
    @WithDefault("2s")
    Duration syncInterval();

    Qdrant qdrant();

    /** The Qdrant adapter, used whenever a URL is set. */
    interface Qdrant {

        /** gRPC endpoint, e.g. http://qdrant:6334 (https for TLS). Unset: the embedded index is used. */
        @WithDefault("${QDRANT_URL:}")
        Optional<String> url();

        /** API key sent with every request, if the server requires one. */
        @WithDefault("${QDRANT_API_KEY:}")
        Optional<String> apiKey();

        /** Prefix of the collection names: {prefix}_passages_{dimension}, {prefix}_passages_text, {prefix}_meta. */
        @WithDefault("engram")
        String collectionPrefix();

        /** Deadline of each Qdrant call. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Assumed average passage length in terms, for BM25 length normalisation of the sparse vectors (computed
         * client side, before the corpus average is known).
         */
        @WithDefault("64")
        double bm25AverageLength();

        /**
         * Shards of each passage collection (ENGRAM_QDRANT_SHARDS), at least 1: the peer count the cluster may grow
         * to, since Qdrant moves shards between peers but never splits them. Unset: Qdrant's default, one shard per
         * peer present when the collection is created. The meta collection (one point) then gets one shard.
         */
        @WithDefault("${ENGRAM_QDRANT_SHARDS:}")
        OptionalInt shards();

        /** Copies of each shard, on distinct peers (ENGRAM_QDRANT_REPLICATION_FACTOR), at least 1. Unset: Qdrant's. */
        @WithDefault("${ENGRAM_QDRANT_REPLICATION_FACTOR:}")
        OptionalInt replicationFactor();

        /**
         * Copies that must acknowledge a write before it succeeds (ENGRAM_QDRANT_WRITE_CONSISTENCY), from 1 to the
         * replication factor. Unset: Qdrant's.
         */
        @WithDefault("${ENGRAM_QDRANT_WRITE_CONSISTENCY:}")
        OptionalInt writeConsistencyFactor();

        /** The three settings above, validated: throws, naming the variable, when one is out of range. */
        default QdrantLayout layout() {
            return new QdrantLayout(shards(), replicationFactor(), writeConsistencyFactor());
        }
    }

    default FusionSettings fusionSettings() {
        return new FusionSettings(fusion(), rrfK(), denseWeight(), candidates());
    }
}
