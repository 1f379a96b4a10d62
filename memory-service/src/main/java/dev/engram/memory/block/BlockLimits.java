package dev.engram.memory.block;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How block character limits are applied. */
@ConfigMapping(prefix = "engram.blocks")
public interface BlockLimits {

    /**
     * true: a value longer than the block's limit is rejected with Letta's "Edit failed: Exceeds N character limit"
     * (Letta up to 0.16.5); false: the limit is metadata only (Letta 0.16.6+). Env: ENGRAM_BLOCKS_ENFORCE_LIMIT.
     */
    @WithDefault("true")
    boolean enforceLimit();
}
