package dev.engram.agent.tool.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.folder.AgentFolders;
import dev.engram.agent.tool.Schemas;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Opens files of the agent's folders into its context: the whole file or a window of lines. */
@ApplicationScoped
public class OpenFiles implements Tool {

    public static final String NAME = "open_files";

    private final AgentFolders folders;

    public OpenFiles(AgentFolders folders) {
        this.folders = folders;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String type() {
        return FileTools.TYPE;
    }

    @Override
    public String description() {
        return "Open one or more files of your directories: their content (or a window of lines) is shown in the files "
                + "section of your context until closed. At most max_files_open files are open at once; the least recently "
                + "used are closed to make room. Name files as folder_name/file_name.";
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = Schemas.object()
                .bool("close_all_others", "Close every other open file first (default false).", false)
                .build();
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode request = json.objectNode().put("type", "object");
        ObjectNode props = request.putObject("properties");
        props.putObject("file_name").put("type", "string").put("description", "The file, as folder_name/file_name.");
        props.putObject("offset").put("type", "integer").put("description", "First line to show, 0-based (default: the start).");
        props.putObject("length").put("type", "integer").put("description", "How many lines to show (default: to the end).");
        request.putArray("required").add("file_name");
        ObjectNode list = json.objectNode().put("type", "array").put("description", "The files to open, each with an optional window.");
        list.set("items", request);
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ObjectNode reordered = json.objectNode();
        reordered.set("file_requests", list);
        reordered.setAll(properties);
        schema.set("properties", reordered);
        ((com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required")).insert(0, "file_requests");
        return schema;
    }

    @Override
    public boolean changesMemory() {
        return true;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        JsonNode args = call.arguments() == null ? JsonNodeFactory.instance.objectNode() : call.arguments();
        JsonNode list = args.get("file_requests");
        if (list == null || list.isNull()) {
            throw new ToolFailure("TypeError", NAME + "() missing 1 required positional argument: 'file_requests'");
        }
        if (!list.isArray()) {
            throw ToolFailure.valueError("file_requests must be a list of {file_name, offset, length}");
        }
        List<AgentFolders.OpenRequest> requests = new ArrayList<>();
        for (JsonNode r : list) {
            if (!r.isObject() || !r.path("file_name").isTextual()) {
                throw ToolFailure.valueError("Invalid file request: " + r + ". Expected {\"file_name\": ..., \"offset\": ..., \"length\": ...}");
            }
            requests.add(new AgentFolders.OpenRequest(r.get("file_name").asText(), integer(r, "offset"), integer(r, "length")));
        }
        boolean closeOthers = args.path("close_all_others").asBoolean(false);
        return folders.openForTool(call.actor(), call.agentId(), requests, closeOthers)
                .onFailure(IllegalArgumentException.class).transform(e -> ToolFailure.valueError(e.getMessage()));
    }

    private static Integer integer(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt()) {
            throw ToolFailure.valueError(field + " must be an integer, got " + v);
        }
        return v.asInt();
    }
}
