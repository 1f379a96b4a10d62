package dev.engram.agent.tool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the multi-agent tools (agents messaging agents of their organization). */
@ConfigMapping(prefix = "engram.tools.multi-agent")
public interface MultiAgentConfig {

    /**
     * How deep agent-to-agent calls may nest: a run a client started is depth 0, the run its agent's call starts is
     * depth 1, and so on. A call that would start a deeper run is refused (the model sees the error).
     */
    @WithDefault("3")
    int maxDepth();

    /** How long send_message_to_agent_and_wait_for_reply waits for the other agent's run; that run goes on after. */
    @WithDefault("300s")
    Duration replyTimeout();

    /** At most this many agents (the oldest first) get a send_message_to_agents_matching_tags message. */
    @WithDefault("100")
    int maxRecipients();
}
