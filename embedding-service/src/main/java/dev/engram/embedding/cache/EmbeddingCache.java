package dev.engram.embedding.cache;

import dev.engram.embedding.service.EmbeddedText;
import dev.engram.embedding.service.ModelHandle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Least-recently-used cache of vectors keyed by (model, dimensions, text). A hit skips the model entirely, which
 * matters for memory-service: the same query text is often searched again within a conversation.
 * One lock guards the map; a get or put holds it for well under a microsecond, far below the cost of one embedding.
 */
@ApplicationScoped
public class EmbeddingCache {

    private record Key(String model, Integer dimensions, String text) {
    }

    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, EmbeddedText> entries;
    private final Counter hits;
    private final Counter misses;

    public EmbeddingCache(CacheConfig config, MeterRegistry registry) {
        this.maxEntries = config.maxEntries();
        // access order: a get moves the entry to the young end, eviction takes the eldest
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, EmbeddedText> eldest) {
                return size() > maxEntries;
            }
        };
        this.hits = Counter.builder("engram.embedding.cache.hits").description("Inputs answered from the cache")
                .register(registry);
        this.misses = Counter.builder("engram.embedding.cache.misses").description("Inputs the model had to embed")
                .register(registry);
        Gauge.builder("engram.embedding.cache.size", this, EmbeddingCache::size)
                .description("Vectors held in the cache").register(registry);
    }

    /** The cached embedding, or {@code null}; counts a hit or a miss. */
    public EmbeddedText get(ModelHandle model, Integer dimensions, String text) {
        if (maxEntries <= 0) {
            misses.increment();
            return null;
        }
        EmbeddedText found;
        lock.lock();
        try {
            found = entries.get(new Key(model.toString(), dimensions, text));
        } finally {
            lock.unlock();
        }
        (found == null ? misses : hits).increment();
        return found;
    }

    public void put(ModelHandle model, Integer dimensions, String text, EmbeddedText embedded) {
        if (maxEntries <= 0) {
            return;
        }
        lock.lock();
        try {
            entries.put(new Key(model.toString(), dimensions, text), embedded);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
