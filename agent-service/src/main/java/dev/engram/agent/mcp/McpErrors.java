package dev.engram.agent.mcp;

import dev.engram.agent.web.ErrorMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An MCP server that cannot be reached is Letta's 502, one that does not answer in time its 408; the reason in detail. */
public class McpErrors {

    @ServerExceptionMapper
    public Response failure(McpFailure e) {
        return ErrorMappers.of(e.httpStatus(), e.getMessage());
    }
}
