package dev.engram.embedding.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "engram.embedding.cache")
public interface CacheConfig {

    /** Most (model, text) vectors kept, least recently used evicted first; 0 switches the cache off. */
    @WithDefault("10000")
    int maxEntries();
}
