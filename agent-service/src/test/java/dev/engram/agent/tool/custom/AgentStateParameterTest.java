package dev.engram.agent.tool.custom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether a custom tool gets the agent's blocks: only when its own function lists an {@code agent_state} parameter. */
class AgentStateParameterTest {

    @Test
    void a_parameter_after_defaults_that_hold_calls_and_tuples_is_found() {
        assertTrue(SandboxedTool.takesAgentState("def note(x: tuple = (1, 2), y: int = len('a)'), agent_state=None):\n    pass\n", "note"));
        assertTrue(SandboxedTool.takesAgentState("def note(\n    text: str,\n    *,\n    agent_state: \"AgentState\",\n) -> str:\n    pass\n", "note"));
        assertTrue(SandboxedTool.takesAgentState("async def note(agent_state, text: str):\n    pass\n", "note"));
    }

    @Test
    void agent_state_elsewhere_does_not_count() {
        assertFalse(SandboxedTool.takesAgentState("def note(text: str = 'agent_state'):\n    pass\n", "note"), "inside a string default");
        assertFalse(SandboxedTool.takesAgentState("def note(x: dict = {'agent_state': 1}):\n    pass\n", "note"), "inside a nested default");
        assertFalse(SandboxedTool.takesAgentState("def helper(agent_state):\n    pass\n\ndef note(text: str):\n    pass\n", "note"),
                "another function's parameter");
        assertFalse(SandboxedTool.takesAgentState("def note(my_agent_state: int):\n    pass\n", "note"), "a longer name");
        assertFalse(SandboxedTool.takesAgentState(null, "note"));
    }
}
