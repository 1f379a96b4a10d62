package dev.engram.memory.index.embedded;

import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexChange;
import dev.engram.memory.index.IndexException;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.TextAnalyzer;
import dev.engram.memory.index.VectorIndex;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded adapter: one Lucene index on local disk, HNSW for vectors and BM25 for text.
 *
 * <p>Durability: every {@link #apply} ends with a Lucene commit (fsync) that carries the watermark in its user data,
 * so the watermark on disk never claims more than the commit holds. Concurrent batches share a commit
 * ({@link GroupCommit}). After a crash Lucene opens the last commit and
 * drops anything written after it; the caller replays from the watermark. Visibility: the near-real-time searcher
 * is refreshed before {@link #apply} returns. One process at a time: Lucene's write lock guards the directory.
 */
public final class LuceneVectorIndex implements VectorIndex {

    private static final Logger LOG = Logger.getLogger(LuceneVectorIndex.class);
    static final String WATERMARK = "engram.watermark";
    private static final double SEGMENTS_PER_TIER = 4;

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LuceneSearch search;
    // one commit at a time: a commit must never carry a watermark for a batch another thread is still adding
    private final ReentrantLock writes = new ReentrantLock();
    private final GroupCommit commits = new GroupCommit(writes, this::write);
    private volatile long watermark;
    private boolean closed;

    private LuceneVectorIndex(Path path, Directory directory, IndexWriter writer, FusionSettings fusion)
            throws IOException {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.search = new LuceneSearch(fusion);
        this.watermark = storedWatermark(writer);
    }

    /** Opens the index in {@code path}, creating the directory and an empty index when missing. */
    public static LuceneVectorIndex open(Path path, FusionSettings fusion) {
        Directory directory = null;
        try {
            Files.createDirectories(path);
            directory = FSDirectory.open(path);
            IndexWriterConfig config = new IndexWriterConfig(TextAnalyzer.INSTANCE)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(new HighDimensionCodec())
                    // state on disk is always a commit made by apply(); anything else is for the caller to replay
                    .setCommitOnClose(false)
                    .setMergePolicy(mergePolicy());
            LuceneVectorIndex index = new LuceneVectorIndex(path, directory, new IndexWriter(directory, config),
                    fusion);
            LOG.infof("Embedded vector index at %s, watermark %d", path.toAbsolutePath(), index.watermark);
            return index;
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new IndexException("Another process is using the index at " + path.toAbsolutePath(), e);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new IndexException("Cannot open the index at " + path.toAbsolutePath(), e);
        }
    }

    @Override
    public void apply(List<IndexChange> changes, long newWatermark) {
        try {
            commits.submit(changes, newWatermark);
        } catch (IOException e) {
            throw new IndexException("Cannot write the index at " + path.toAbsolutePath(), e);
        }
    }

    /** Called by {@link GroupCommit} under the write lock with the changes of every queued batch. */
    private void write(List<IndexChange> changes, long newWatermark) throws IOException {
        long next = Math.max(watermark, newWatermark);
        if (changes.isEmpty() && next == watermark) {
            return;
        }
        for (IndexChange change : changes) {
            switch (change) {
                case IndexChange.Upsert u -> writer.updateDocument(
                        PassageDocuments.key(u.passage().organizationId(), u.passage().id()),
                        PassageDocuments.toDocument(u.passage()));
                case IndexChange.Delete d ->
                        writer.deleteDocuments(PassageDocuments.key(d.organizationId(), d.passageId()));
                case IndexChange.DeleteAgent a ->
                        writer.deleteDocuments(LuceneSearch.agentFilter(a.organizationId(), a.agentId()).build());
            }
        }
        commit(next);
    }

    @Override
    public List<IndexHit> search(IndexQuery query) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search.run(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new IndexException("Cannot search the index at " + path.toAbsolutePath(), e);
        }
    }

    @Override
    public long count(String organizationId, String agentId) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.count(LuceneSearch.agentFilter(organizationId, agentId).build());
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new IndexException("Cannot read the index at " + path.toAbsolutePath(), e);
        }
    }

    @Override
    public long watermark() {
        return watermark;
    }

    @Override
    public void clear() {
        writes.lock();
        try {
            writer.deleteAll();
            commit(0);
        } catch (IOException e) {
            throw new IndexException("Cannot clear the index at " + path.toAbsolutePath(), e);
        } finally {
            writes.unlock();
        }
    }

    @Override
    public void close() {
        writes.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new IndexException("Cannot close the index at " + path.toAbsolutePath(), e);
        } finally {
            writes.unlock();
        }
    }

    private void commit(long next) throws IOException {
        writer.setLiveCommitData(Map.of(WATERMARK, Long.toString(next)).entrySet());
        writer.commit();
        watermark = next;
        searchers.maybeRefreshBlocking();
    }

    /**
     * Fewer segments than Lucene's default: every segment has its own HNSW graph that each vector search walks, and
     * searches far outnumber writes here. Small batches (one commit each) are merged away in the background.
     */
    private static TieredMergePolicy mergePolicy() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setSegmentsPerTier(SEGMENTS_PER_TIER);
        return policy;
    }

    private static long storedWatermark(IndexWriter writer) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> entry : data) {
                if (WATERMARK.equals(entry.getKey())) {
                    return Long.parseLong(entry.getValue());
                }
            }
        }
        return 0;
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // the open failure is what the caller needs to see
            }
        }
    }
}
