package dev.engram.memory;

import dev.engram.pg.EmbeddedPgTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest of this module runs against one real embedded PostgreSQL; this class only carries the
 * resource declaration (which applies to the whole test run).
 */
@QuarkusTestResource(EmbeddedPgTestResource.class)
public final class MemoryServiceTest {
    private MemoryServiceTest() {
    }
}
