package dev.engram.agent;

import dev.engram.agent.support.SuiteTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of this module runs against a real memory-service on a real embedded PostgreSQL. */
@QuarkusTestResource(SuiteTestResource.class)
public final class AgentServiceTest {
    private AgentServiceTest() {
    }
}
