package dev.engram.agent.tool.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.memory.Block;

import java.util.List;
import java.util.Map;

/**
 * One call of a Python function from source, as the sandbox runs it.
 *
 * @param environment the agent's tool variables: all the function sees of the server
 * @param network     whether the function may reach the network (the tool's {@code metadata_.sandbox.network})
 * @param blocks      the agent's blocks when the function takes {@code agent_state}; null otherwise
 */
public record PythonCall(String source, String function, JsonNode arguments, Map<String, String> environment, String agentId,
                         boolean network, List<PipRequirement> requirements, List<Block> blocks) {
}
