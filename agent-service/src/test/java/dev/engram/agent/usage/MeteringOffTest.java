package dev.engram.agent.usage;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ENGRAM_METERING=false}: steps are recorded as always, and no usage event is written. */
@QuarkusTest
@TestProfile(MeteringOffTest.Off.class)
class MeteringOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.usage.enabled", "false");
        }
    }

    @Test
    void a_step_is_recorded_without_a_usage_event() {
        Suite.get().llm.reset();
        Suite.get().llm.enqueue(ScriptedReply.text("Noted.").withUsage(120, 7));
        String agent = Agents.create();

        Agents.send(agent, "Nothing here is billed.").statusCode(200);

        assertEquals(1L, Db.queryLong("SELECT count(*) FROM agent.steps WHERE agent_id = ?", agent));
        assertEquals(127L, Db.queryLong("SELECT total_tokens FROM agent.steps WHERE agent_id = ?", agent));
        assertEquals(0L, Db.queryLong("SELECT count(*) FROM agent.usage_events WHERE agent_id = ?", agent));
    }
}
