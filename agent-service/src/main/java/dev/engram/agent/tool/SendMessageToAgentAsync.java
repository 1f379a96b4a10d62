package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends another agent of the organization a one-way notice: its run is recorded and started, and the sender goes on
 * without waiting for it. Ends the turn through the base tool rules (exit_loop), as in Letta.
 */
@ApplicationScoped
public class SendMessageToAgentAsync implements Tool {

    public static final String NAME = "send_message_to_agent_async";
    static final String SENT = "Successfully sent message";

    private final AgentMessenger messenger;

    public SendMessageToAgentAsync(AgentMessenger messenger) {
        this.messenger = messenger;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String type() {
        return "letta_multi_agent_core";
    }

    @Override
    public String description() {
        return "Send a message to another agent of your organization without waiting for an answer, as a notice. The other "
                + "agent is told who you are, so there is no need to introduce yourself.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("message", "What to tell the other agent.", true)
                .string("other_agent_id", "The id of the agent to message.", true)
                .build();
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(NAME, call.arguments());
        String message = a.string("message");
        String target = a.string("other_agent_id");
        return messenger.tell(call, target, message).replaceWith(SENT);
    }
}
