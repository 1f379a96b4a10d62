package dev.engram.memory.index.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import dev.engram.memory.index.FusionMode;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexChange;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.IndexedPassage;
import dev.engram.memory.index.VectorIndex;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

import static dev.engram.memory.index.qdrant.QdrantCalls.await;
import static dev.engram.memory.index.qdrant.QdrantCalls.awaitUnlessMissing;

/**
 * The Qdrant adapter. Writes wait until Qdrant has applied them (read-your-writes) and the watermark point is
 * written last, so it never claims a batch Qdrant has not acknowledged. Collections are created on first use.
 */
public final class QdrantVectorIndex implements VectorIndex {

    private static final Logger LOG = Logger.getLogger(QdrantVectorIndex.class);
    /** Points per upsert request: keeps messages far below gRPC size limits at 3072 dimensions. */
    private static final int UPSERT_CHUNK = 256;

    private final QdrantClient client;
    private final QdrantSchema schema;
    private final QdrantRequests requests;
    private final FusionSettings fusion;
    private final QdrantCollections collections;
    private final ReentrantLock writes = new ReentrantLock();
    /** -1 until read from Qdrant. */
    private volatile long watermark = -1;

    public QdrantVectorIndex(QdrantClient client, String collectionPrefix, double bm25AverageLength,
                             FusionSettings fusion) {
        this(client, collectionPrefix, QdrantLayout.DEFAULTS, bm25AverageLength, fusion);
    }

    public QdrantVectorIndex(QdrantClient client, String collectionPrefix, QdrantLayout layout,
                             double bm25AverageLength, FusionSettings fusion) {
        this.client = client;
        this.schema = new QdrantSchema(collectionPrefix, layout);
        this.requests = new QdrantRequests(new Bm25Encoder(bm25AverageLength));
        this.fusion = fusion;
        this.collections = new QdrantCollections(client, schema);
    }

    /** A client for QDRANT_URL; it connects lazily, so a Qdrant that is down does not stop the service starting. */
    public static QdrantClient client(String url, Optional<String> apiKey, Duration timeout) {
        QdrantEndpoint endpoint = QdrantEndpoint.parse(url);
        if (endpoint.port() == QdrantEndpoint.REST_PORT) {
            LOG.warnf("QDRANT_URL points at port %d, Qdrant's REST port; this client speaks gRPC (usually %d)",
                    QdrantEndpoint.REST_PORT, QdrantEndpoint.GRPC_PORT);
        }
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient.newBuilder(endpoint.host(), endpoint.port(), endpoint.tls(),
                false).withTimeout(timeout);
        apiKey.filter(key -> !key.isBlank()).ifPresent(grpc::withApiKey);
        LOG.infof("Qdrant vector index at %s:%d%s", endpoint.host(), endpoint.port(), endpoint.tls() ? " (TLS)" : "");
        return new QdrantClient(grpc.build());
    }

    @Override
    public void apply(List<IndexChange> changes, long newWatermark) {
        writes.lock();
        try {
            int start = 0;
            while (start < changes.size()) {
                // runs of one kind keep the batch's order while sharing requests
                int end = start + 1;
                while (end < changes.size() && changes.get(end).getClass() == changes.get(start).getClass()) {
                    end++;
                }
                List<IndexChange> run = changes.subList(start, end);
                switch (run.getFirst()) {
                    case IndexChange.Upsert ignored -> upsertRun(run);
                    case IndexChange.Delete ignored -> deleteRun(run);
                    case IndexChange.DeleteAgent ignored -> deleteAgentRun(run);
                }
                start = end;
            }
            if (newWatermark > watermark()) {
                await(client.upsertAsync(QdrantRequests.upsert(collections.meta(),
                        List.of(QdrantRequests.watermarkPoint(newWatermark)))));
                watermark = newWatermark;
            }
        } finally {
            writes.unlock();
        }
    }

    @Override
    public List<IndexHit> search(IndexQuery query) {
        return switch (query.effectiveMode()) {
            case BM25 -> bm25(query);
            case DENSE -> dense(query);
            case HYBRID -> hybrid(query);
        };
    }

    @Override
    public long count(String organizationId, String agentId) {
        long count = 0;
        for (String collection : collections.passageCollections(true)) {
            Long n = awaitUnlessMissing(client.countAsync(collection,
                    QdrantRequests.agentFilter(organizationId, agentId), true));
            count += n == null ? 0 : n;
        }
        return count;
    }

    @Override
    public long watermark() {
        long known = watermark;
        if (known < 0) {
            // asking first keeps a fresh install from logging a client error for the missing collection
            var points = await(client.collectionExistsAsync(schema.metaCollection()))
                    ? awaitUnlessMissing(client.retrieveAsync(QdrantRequests.readWatermark(schema.metaCollection()),
                    null))
                    : null;
            known = points == null ? 0 : QdrantHits.watermark(points);
            watermark = known;
        }
        return known;
    }

    @Override
    public void clear() {
        writes.lock();
        try {
            collections.dropAll();
            watermark = 0;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void upsertRun(List<IndexChange> run) {
        // the last version of a passage wins, so each passage goes to exactly one collection below
        Map<String, IndexedPassage> latest = new LinkedHashMap<>();
        for (IndexChange change : run) {
            IndexedPassage p = ((IndexChange.Upsert) change).passage();
            latest.put(p.organizationId() + '\u0000' + p.id(), p);
        }
        Map<Integer, List<IndexedPassage>> byDimension = new TreeMap<>();
        latest.values().forEach(p -> byDimension.computeIfAbsent(p.dimension(), d -> new ArrayList<>()).add(p));
        List<String> existing = collections.passageCollections(true);
        byDimension.forEach((dimension, passages) -> {
            String collection = collections.passages(dimension);
            for (int i = 0; i < passages.size(); i += UPSERT_CHUNK) {
                List<PointStruct> points = passages.subList(i, Math.min(passages.size(), i + UPSERT_CHUNK)).stream()
                        .map(requests::point).toList();
                await(client.upsertAsync(QdrantRequests.upsert(collection, points)));
            }
            // a passage whose vector changed dimension (or gained one) must leave its old collection
            List<PointId> ids = passages.stream().map(p -> QdrantRequests.pointId(p.organizationId(), p.id()))
                    .toList();
            existing.stream().filter(other -> !other.equals(collection))
                    .forEach(other -> awaitUnlessMissing(client.deleteAsync(QdrantRequests.deletePoints(other, ids))));
        });
    }

    private void deleteRun(List<IndexChange> run) {
        List<PointId> ids = run.stream().map(c -> (IndexChange.Delete) c)
                .map(d -> QdrantRequests.pointId(d.organizationId(), d.passageId())).toList();
        for (String collection : collections.passageCollections(true)) {
            awaitUnlessMissing(client.deleteAsync(QdrantRequests.deletePoints(collection, ids)));
        }
    }

    private void deleteAgentRun(List<IndexChange> run) {
        for (String collection : collections.passageCollections(true)) {
            for (IndexChange change : run) {
                IndexChange.DeleteAgent agent = (IndexChange.DeleteAgent) change;
                awaitUnlessMissing(client.deleteAsync(QdrantRequests.deleteAgent(collection,
                        agent.organizationId(), agent.agentId())));
            }
        }
    }

    /** A passage lives in one collection, but which one depends on its vector: ask them all. */
    private List<IndexHit> bm25(IndexQuery query) {
        List<ListenableFuture<List<ScoredPoint>>> pending = new ArrayList<>();
        for (String collection : collections.passageCollections(false)) {
            QueryPoints request = requests.bm25(collection, query, query.topK());
            if (request == null) {
                return List.of();
            }
            pending.add(client.queryAsync(request));
        }
        List<List<ScoredPoint>> rankings = new ArrayList<>();
        for (ListenableFuture<List<ScoredPoint>> future : pending) {
            List<ScoredPoint> ranking = awaitUnlessMissing(future);
            rankings.add(ranking == null ? List.of() : ranking);
        }
        return QdrantHits.merge(rankings, query.topK());
    }

    private List<IndexHit> dense(IndexQuery query) {
        String collection = schema.passageCollection(query.vector().length);
        if (!collections.exists(collection)) {
            return List.of();
        }
        List<ScoredPoint> points = awaitUnlessMissing(client.queryAsync(
                QdrantRequests.dense(collection, query, query.topK())));
        return points == null ? List.of() : QdrantHits.hits(points);
    }

    /** Within the collection of the query's dimension: where the agent's embedded passages are. */
    private List<IndexHit> hybrid(IndexQuery query) {
        String collection = schema.passageCollection(query.vector().length);
        if (!collections.exists(collection)) {
            return List.of();
        }
        int depth = fusion.depth(query.topK());
        FusionMode mode = fusion.modeFor(query);
        if (mode == FusionMode.RRF) {
            QueryPoints request = requests.hybridRrf(collection, query, depth, fusion.rrfK());
            if (request == null) {
                return dense(query);
            }
            List<ScoredPoint> points = awaitUnlessMissing(client.queryAsync(request));
            return points == null ? List.of() : QdrantHits.hits(points);
        }
        QueryPoints text = requests.bm25(collection, query, depth);
        if (text == null) {
            return dense(query);
        }
        List<BatchResult> results = awaitUnlessMissing(client.queryBatchAsync(collection,
                List.of(QdrantRequests.dense(collection, query, depth), text)));
        if (results == null) {
            return List.of();
        }
        return QdrantHits.fuse(mode, fusion, results.get(0).getResultList(), results.get(1).getResultList(),
                query.topK());
    }
}
