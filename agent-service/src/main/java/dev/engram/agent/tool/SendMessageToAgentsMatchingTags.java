package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Asks every other agent of the organization that has all the tags of {@code match_all} and at least one of
 * {@code match_some} (an empty list asks nothing), one after another, and lists their replies:
 * {@code [{'agent_id': ..., 'response': [...]}, ...]}.
 */
@ApplicationScoped
public class SendMessageToAgentsMatchingTags implements Tool {

    public static final String NAME = "send_message_to_agents_matching_tags";

    private final AgentMessenger messenger;

    public SendMessageToAgentsMatchingTags(AgentMessenger messenger) {
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
        return "Send a message to every other agent of your organization that has all the tags in match_all and at least one "
                + "of the tags in match_some, and collect their answers, one entry per agent.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("message", "What to tell each of the agents.", true)
                .stringList("match_all", "Tags an agent must all have to get the message.", true)
                .stringList("match_some", "Tags of which an agent must have at least one to get the message.", true)
                .build();
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        Args a = new Args(NAME, call.arguments());
        String message = a.string("message");
        List<String> all = a.optionalStrings("match_all");
        List<String> some = a.optionalStrings("match_some");
        return messenger.askAll(call, all == null ? List.of() : all, some == null ? List.of() : some, message)
                .map(replies -> PythonRepr.of(replies.stream().map(AgentMessenger.Reply::asMap).toList()));
    }
}
