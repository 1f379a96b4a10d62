package dev.engram.agent.agent;

import dev.engram.agent.support.Agents;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run loads its agent and tools with plain SQL: they must be the very values the ORM loads, field by field. */
@QuarkusTest
class RunLoadTest {

    @Inject
    AgentService agents;
    @Inject
    AgentRepository agentRows;
    @Inject
    ToolRepository toolRows;

    @Test
    void a_run_sees_the_agent_and_tools_exactly_as_stored() throws Throwable {
        Map<String, Object> body = Agents.quickStart();
        body.put("description", "loaded two ways");
        body.put("metadata", Map.of("team", "core", "level", 3));
        body.put("tags", List.of("alpha", "beta"));
        body.put("timezone", "Europe/Paris");
        body.put("context_window_limit", 32000);
        body.put("message_buffer_autoclear", true);
        body.put("tools", List.of("archival_memory_search"));
        String id = Agents.create(body);
        Actor actor = Actor.ofUser(null);

        AgentService.Loaded loaded = agents.forRun(actor, id).await().indefinitely();
        Agent orm = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> agentRows.findInOrg(actor.organizationId(), id)));
        List<ToolEntity> ormTools = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> toolRows.ofAgent(id)));

        assertSameFields(Agent.class, orm, loaded.agent());
        assertEquals(List.of("alpha", "beta"), loaded.agent().tags);
        assertEquals(3, loaded.agent().metadata.path("level").asInt());
        assertTrue(loaded.agent().messageBufferAutoclear);
        assertNotNull(loaded.agent().llmConfig);
        assertEquals(ormTools.size(), loaded.tools().size());
        assertTrue(loaded.tools().stream().anyMatch(t -> "archival_memory_search".equals(t.name)));
        for (int i = 0; i < ormTools.size(); i++) {
            assertSameFields(ToolEntity.class, ormTools.get(i), loaded.tools().get(i));
        }
    }

    @Test
    void another_organizations_or_a_missing_agent_is_404() {
        String id = Agents.create();
        ApiException other = assertThrows(ApiException.class,
                () -> agents.forRun(new Actor("org-" + java.util.UUID.randomUUID(), Actor.DEFAULT_USER), id).await().indefinitely());
        assertEquals(404, other.status());
        ApiException missing = assertThrows(ApiException.class,
                () -> agents.forRun(Actor.ofUser(null), "agent-" + java.util.UUID.randomUUID()).await().indefinitely());
        assertEquals(404, missing.status());
    }

    private static <T> void assertSameFields(Class<T> type, T expected, T actual) throws IllegalAccessException {
        int compared = 0;
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers()) || f.getName().startsWith("$$_")) {
                continue;
            }
            f.setAccessible(true);
            assertEquals(f.get(expected), f.get(actual), type.getSimpleName() + "." + f.getName());
            compared++;
        }
        assertTrue(compared > 10, "compared " + compared + " fields");
    }
}
