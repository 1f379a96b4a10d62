package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.ToolProvider;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Rows of tool_type {@code external_mcp} run on their MCP server. What goes wrong reaches the model as an error tool
 * return and the step goes on: the server's own error answer as it is, an unreachable or slow server as
 * {@code Error executing function f: LettaMCPConnectionError: ...} (or {@code LettaMCPTimeoutError}).
 */
@ApplicationScoped
public class McpTools implements ToolProvider {

    private final McpServerRepository servers;
    private final McpCalls calls;

    public McpTools(McpServerRepository servers, McpCalls calls) {
        this.servers = servers;
        this.calls = calls;
    }

    @Override
    public Optional<Tool> of(ToolEntity row) {
        return McpToolRows.TYPE.equals(row.toolType) ? Optional.of(new McpTool(row)) : Optional.empty();
    }

    /** The server's answer, when the server marked it an error: the model sees it as the server wrote it. */
    static final class ServerError extends ToolFailure {

        ServerError(String text) {
            super("McpError", text);
        }

        @Override
        public String describe(String function) {
            return getMessage();
        }
    }

    private final class McpTool implements Tool {

        private final ToolEntity row;

        McpTool(ToolEntity row) {
            this.row = row;
        }

        @Override
        public String name() {
            return row.name;
        }

        @Override
        public String type() {
            return McpToolRows.TYPE;
        }

        @Override
        public String description() {
            return row.description;
        }

        @Override
        public ObjectNode parameters() {
            return row.jsonSchema != null && row.jsonSchema.path("parameters").isObject()
                    ? (ObjectNode) row.jsonSchema.get("parameters") : JsonNodeFactory.instance.objectNode().put("type", "object");
        }

        @Override
        public int returnCharLimit() {
            return row.returnCharLimit > 0 ? row.returnCharLimit : Tool.super.returnCharLimit();
        }

        @Override
        public Uni<String> execute(ToolCallContext call) {
            if (row.mcpServerId == null) {
                return Uni.createFrom().failure(ToolFailure.valueError("Tool " + row.name + " does not belong to an MCP server"));
            }
            return Panache.withSession(() -> servers.findInOrg(call.actor().organizationId(), row.mcpServerId))
                    .chain(server -> {
                        if (server == null) {
                            throw ToolFailure.valueError("The MCP server of tool " + row.name + " no longer exists");
                        }
                        return calls.call(server, row.name, call.arguments(), call.environment(), call.agentId());
                    })
                    .onFailure(McpFailure.class).transform(e -> new ToolFailure(((McpFailure) e).errorType(), e.getMessage()))
                    .onFailure(ApiException.class).transform(e -> ToolFailure.valueError(e.getMessage()))
                    .map(outcome -> {
                        if (!outcome.ok()) {
                            throw new ServerError(outcome.text());
                        }
                        return outcome.text();
                    });
        }
    }
}
