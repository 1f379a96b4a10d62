package dev.engram.memory;

import dev.engram.memory.support.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest of this module runs against a real embedded PostgreSQL and the real embedding-service; this
 * class only carries the resource declaration (which applies to the whole test run).
 */
@QuarkusTestResource(SuiteTestResource.class)
public final class MemoryServiceTest {
    private MemoryServiceTest() {
    }
}
