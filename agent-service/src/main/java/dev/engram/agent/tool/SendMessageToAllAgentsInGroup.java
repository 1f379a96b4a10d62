package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.group.GroupMembers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The supervisor's tool: asks every member of the supervisor group the calling agent manages, one after another in the
 * group's order, and lists their replies: {@code [{'agent_id': ..., 'response': [...]}, ...]}.
 */
@ApplicationScoped
public class SendMessageToAllAgentsInGroup implements Tool {

    public static final String NAME = "send_message_to_all_agents_in_group";

    private final AgentMessenger messenger;
    private final GroupMembers groups;

    public SendMessageToAllAgentsInGroup(AgentMessenger messenger, GroupMembers groups) {
        this.messenger = messenger;
        this.groups = groups;
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
        return "Send a message to every agent of the group you supervise and collect their answers, one entry per agent.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object().string("message", "What to tell each agent of your group.", true).build();
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        String message = new Args(NAME, call.arguments()).string("message");
        return messenger.detached(() -> groups.supervisedBy(call.actor(), call.agentId()))
                .chain(members -> {
                    if (members == null) {
                        return Uni.createFrom().failure(new ToolFailure("ValueError", "agent " + call.agentId()
                                + " supervises no group"));
                    }
                    return messenger.askEach(call, members.stream().filter(id -> !id.equals(call.agentId())).toList(), message);
                })
                .map(replies -> PythonRepr.of(replies.stream().map(AgentMessenger.Reply::asMap).toList()));
    }
}
