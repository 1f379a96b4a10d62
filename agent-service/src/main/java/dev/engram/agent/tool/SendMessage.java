package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The reply of memgpt agents: the only way their words reach the user. */
@ApplicationScoped
public class SendMessage implements Tool {

    public static final String NAME = "send_message";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String type() {
        return "letta_core";
    }

    @Override
    public String description() {
        return "Send a message to the user; the user sees nothing else you write.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object().string("message", "The message text; any Unicode, emoji included.", true).build();
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        new Args(NAME, call.arguments()).string("message");
        return Uni.createFrom().item("Sent message successfully.");
    }
}
