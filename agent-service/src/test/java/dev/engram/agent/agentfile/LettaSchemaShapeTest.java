package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An export has the shape of Letta's AgentFileSchema as its contract (../shared/letta/openapi.json) declares it: every
 * required field of each object, and no field Letta does not declare, but for Engram's documented extensions.
 */
@QuarkusTest
class LettaSchemaShapeTest {

    // field names and required fields of Letta's components AgentFileSchema, AgentSchema, BlockSchema, ToolSchema,
    // MessageSchema and MCPServerSchema (letta.schemas.agent_file)
    static final Set<String> FILE = Set.of("agents", "groups", "blocks", "files", "sources", "tools", "mcp_servers", "skills",
            "metadata", "created_at");
    static final Set<String> FILE_REQUIRED = Set.of("agents", "groups", "blocks", "files", "sources", "tools", "mcp_servers");
    static final Set<String> AGENT = Set.of("name", "memory_blocks", "tools", "tool_ids", "source_ids", "folder_ids", "block_ids",
            "tool_rules", "tags", "system", "agent_type", "initial_message_sequence", "include_base_tools", "include_multi_agent_tools",
            "include_base_tool_rules", "include_default_source", "description", "metadata", "llm_config", "embedding_config", "model",
            "embedding", "model_settings", "compaction_settings", "context_window_limit", "embedding_chunk_size", "max_tokens",
            "max_reasoning_tokens", "enable_reasoner", "reasoning", "from_template", "template", "project",
            "tool_exec_environment_variables", "secrets", "memory_variables", "project_id", "template_id", "base_template_id",
            "identity_ids", "message_buffer_autoclear", "enable_sleeptime", "response_format", "timezone", "max_files_open",
            "per_file_view_window_char_limit", "hidden", "parallel_tool_calls", "id", "in_context_message_ids", "messages",
            "files_agents", "group_ids");
    static final Set<String> AGENT_EXTENSIONS = Set.of("passages", "conversations");
    static final Set<String> BLOCK = Set.of("value", "limit", "project_id", "template_name", "is_template", "template_id",
            "base_template_id", "deployment_id", "entity_id", "preserve_on_migration", "label", "read_only", "description", "metadata",
            "hidden", "tags", "id");
    static final Set<String> TOOL = Set.of("id", "tool_type", "description", "source_type", "name", "tags", "source_code",
            "json_schema", "args_json_schema", "return_char_limit", "pip_requirements", "npm_requirements", "default_requires_approval",
            "enable_parallel_execution", "created_by_id", "last_updated_by_id", "metadata_", "project_id");
    static final Set<String> MESSAGE = Set.of("type", "otid", "group_id", "role", "content", "name", "sender_id", "batch_item_id",
            "id", "model", "agent_id", "tool_calls", "tool_call_id", "tool_returns", "created_at", "approve", "approval_request_id",
            "denial_reason", "approvals");
    static final Set<String> MCP_SERVER = Set.of("id", "server_type", "server_name", "server_url", "stdio_config", "metadata_");

    @Test
    void an_export_declares_only_lettas_fields_and_all_its_required_ones() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("secrets", Map.of("TOKEN", "x"));
        String agent = Agents.create(body);
        Suite.get().llm.enqueue(ScriptedReply.text("shape"));
        Agents.send(agent, "check the shape").statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("text", "a passage")).post("/v1/agents/{id}/archival-memory", agent).then()
                .statusCode(200);
        ObjectNode doc = AgentFiles.export(agent, Map.of("include_passages", "true", "include_conversations", "true"));
        List<String> problems = new ArrayList<>();
        check(doc, "$", FILE, FILE_REQUIRED, Set.of(), problems);
        for (JsonNode a : doc.get("agents")) {
            check(a, "agents[]", AGENT, Set.of("id"), AGENT_EXTENSIONS, problems);
            for (JsonNode m : a.get("messages")) {
                check(m, "messages[]", MESSAGE, Set.of("role", "content", "id"), Set.of("conversation_id"), problems);
            }
        }
        doc.get("blocks").forEach(b -> check(b, "blocks[]", BLOCK, Set.of("value", "label", "id"), Set.of(), problems));
        doc.get("tools").forEach(t -> check(t, "tools[]", TOOL, Set.of("id"), Set.of(), problems));
        doc.get("mcp_servers").forEach(s -> check(s, "mcp_servers[]", MCP_SERVER, Set.of("id", "server_type", "server_name"), Set.of(),
                problems));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(doc.get("agents").get(0).has("passages") && doc.get("agents").get(0).has("conversations"));
    }

    private static void check(JsonNode o, String path, Set<String> allowed, Set<String> required, Set<String> extensions,
                              List<String> problems) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f) && !extensions.contains(f)) {
                problems.add(path + "." + f + ": not a field of Letta's schema");
            }
        }
        for (String f : required) {
            if (!o.hasNonNull(f)) {
                problems.add(path + "." + f + ": required by Letta's schema");
            }
        }
    }
}
