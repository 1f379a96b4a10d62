package dev.engram.agent.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/**
 * What goes into an agent's change feed ({@code GET /v1/agents/{agent_id}/events}): block updates (from the memory
 * tools and from the block routes), archival passages inserted and deleted, and run status changes.
 */
@ApplicationScoped
public class AgentEvents {

    public static final String BLOCK_UPDATED = "block_updated";
    public static final String PASSAGE_CREATED = "passage_created";
    public static final String PASSAGE_DELETED = "passage_deleted";
    public static final String RUN_STATUS = "run_status";

    private final AgentEventBus bus;

    public AgentEvents(AgentEventBus bus) {
        this.bus = bus;
    }

    /** The block changed; {@code toolCallId} names the tool call behind it (null for an API edit). */
    public Uni<Void> blockUpdated(Actor actor, Collection<String> agentIds, Block b, String toolCallId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String agentId : agentIds) {
            ObjectNode data = JsonText.MAPPER.createObjectNode();
            ObjectNode block = data.putObject("block");
            block.put("id", b.id());
            block.put("label", b.label());
            block.put("value", b.value());
            block.put("limit", b.limit());
            block.put("description", b.description());
            block.put("read_only", b.readOnly());
            block.put("version", b.version());
            data.put("source", toolCallId == null ? "api" : "tool");
            data.put("tool_call_id", toolCallId);
            chain = chain.chain(() -> bus.publish(actor.organizationId(), agentId, BLOCK_UPDATED, data));
        }
        return chain;
    }

    public Uni<Void> blockUpdated(Actor actor, String agentId, Block b, String toolCallId) {
        return blockUpdated(actor, List.of(agentId), b, toolCallId);
    }

    public Uni<Void> passageCreated(Actor actor, String agentId, MemoryRecords.Passage p) {
        ObjectNode data = JsonText.MAPPER.createObjectNode();
        ObjectNode passage = data.putObject("passage");
        passage.put("id", p.id());
        passage.put("text", p.text());
        passage.put("archive_id", p.archiveId());
        passage.set("tags", JsonText.MAPPER.valueToTree(p.tags()));
        passage.put("created_at", p.createdAt() == null ? null : p.createdAt().toString());
        return bus.publish(actor.organizationId(), agentId, PASSAGE_CREATED, data);
    }

    public Uni<Void> passageDeleted(Actor actor, String agentId, String passageId) {
        ObjectNode data = JsonText.MAPPER.createObjectNode();
        data.putObject("passage").put("id", passageId);
        return bus.publish(actor.organizationId(), agentId, PASSAGE_DELETED, data);
    }

    /** A run of the agent is created, running or ended (with its stop reason). */
    public Uni<Void> runStatus(String organizationId, String agentId, String runId, String conversationId, String status, String stopReason) {
        ObjectNode data = JsonText.MAPPER.createObjectNode();
        ObjectNode run = data.putObject("run");
        run.put("id", runId);
        run.put("status", status);
        run.put("stop_reason", stopReason);
        run.put("conversation_id", conversationId);
        return bus.publish(organizationId, agentId, RUN_STATUS, data);
    }
}
