package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks another agent of the organization and waits for its reply: the other agent runs a turn on a system message
 * that names the sender, and the result is {@code {'agent_id': ..., 'response': [its assistant texts]}}.
 */
@ApplicationScoped
public class SendMessageToAgentAndWaitForReply implements Tool {

    public static final String NAME = "send_message_to_agent_and_wait_for_reply";

    private final AgentMessenger messenger;

    public SendMessageToAgentAndWaitForReply(AgentMessenger messenger) {
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
        return "Send a message to another agent of your organization and wait for its answer. The other agent is told who you "
                + "are, so there is no need to introduce yourself. Use it when you need a reply.";
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
        return messenger.ask(call, target, message).map(reply -> PythonRepr.of(reply.asMap()));
    }
}
