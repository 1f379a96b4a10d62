package dev.engram.agent.agentfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/** Letta's Agent File routes: export an agent ({@code .af}), import a file's agents. */
@Path("/v1/agents")
@Tag(name = "agents")
public class AgentFileResource {

    private final AgentFileExporter exporter;
    private final AgentFileImporter importer;
    private final ObjectMapper mapper;

    public AgentFileResource(AgentFileExporter exporter, AgentFileImporter importer, ObjectMapper mapper) {
        this.exporter = exporter;
        this.importer = importer;
        this.mapper = mapper;
    }

    /** Letta's ExportAgentRequest, plus Engram's options (also accepted as query parameters). */
    public record ExportAgentRequest(JsonNode skills, String conversationId, Boolean scrubMessages, Boolean includePassages,
                                     Boolean includeVectors, Boolean includeConversations) {
    }

    @GET
    @Path("/{agent_id}/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Export an agent as an Agent File (Letta's format; include_passages, include_vectors, include_conversations: Engram's)")
    public Uni<String> export(@Context HttpHeaders headers, @RestPath("agent_id") String agentId,
                              @RestQuery("max_steps") Integer maxSteps, @RestQuery("use_legacy_format") Boolean legacy,
                              @RestQuery("conversation_id") String conversationId, @RestQuery("scrub_messages") Boolean scrubMessages,
                              @RestQuery("include_passages") Boolean includePassages, @RestQuery("include_vectors") Boolean includeVectors,
                              @RestQuery("include_conversations") Boolean includeConversations) {
        if (Boolean.TRUE.equals(legacy)) {
            throw ApiException.badRequest("Legacy format is not supported");
        }
        return run(headers, agentId, new ExportAgentRequest(null, conversationId, scrubMessages, includePassages, includeVectors,
                includeConversations));
    }

    @POST
    @Path("/{agent_id}/export")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Export an agent as an Agent File with skills (body: skills, conversation_id, scrub_messages; Engram's include_* options)")
    public Uni<String> exportWithSkills(@Context HttpHeaders headers, @RestPath("agent_id") String agentId, ExportAgentRequest body,
                                        @RestQuery("include_passages") Boolean includePassages,
                                        @RestQuery("include_vectors") Boolean includeVectors,
                                        @RestQuery("include_conversations") Boolean includeConversations) {
        ExportAgentRequest r = body == null ? new ExportAgentRequest(null, null, null, null, null, null) : body;
        if (r.skills() != null && !r.skills().isNull() && !r.skills().isArray()) {
            throw ApiException.unprocessable("skills: Input should be a valid list");
        }
        return run(headers, agentId, new ExportAgentRequest(r.skills(), r.conversationId(), r.scrubMessages(),
                r.includePassages() != null ? r.includePassages() : includePassages,
                r.includeVectors() != null ? r.includeVectors() : includeVectors,
                r.includeConversations() != null ? r.includeConversations() : includeConversations));
    }

    private Uni<String> run(HttpHeaders headers, String agentId, ExportAgentRequest r) {
        String id = Ids.require("agent", "agent_id", agentId);
        String conversation = r.conversationId() == null || r.conversationId().equals("default") ? null
                : Ids.require("conv", "conversation_id", r.conversationId());
        ExportOptions options = new ExportOptions(conversation, Boolean.TRUE.equals(r.scrubMessages()),
                Boolean.TRUE.equals(r.includePassages()) || Boolean.TRUE.equals(r.includeVectors()), Boolean.TRUE.equals(r.includeVectors()),
                Boolean.TRUE.equals(r.includeConversations()), r.skills());
        return exporter.export(Actor.of(headers), id, options).map(doc -> {
            try {
                return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an Agent File (multipart: file, plus Letta's form options); answers the new agents' ids")
    public Uni<ImportedAgentsResponse> importAgent(@Context HttpHeaders headers, @RestForm("file") FileUpload file,
                                                   @RestForm("override_existing_tools") String overrideExistingTools,
                                                   @RestForm("strip_messages") String stripMessages,
                                                   @RestForm("secrets") String secrets,
                                                   @RestForm("name") String name,
                                                   @RestForm("embedding") String embedding,
                                                   @RestForm("model") String model,
                                                   @RestForm("append_copy_suffix") String appendCopySuffix,
                                                   @RestForm("override_name") String overrideName,
                                                   @RestForm("override_embedding_handle") String overrideEmbeddingHandle,
                                                   @RestForm("override_model_handle") String overrideModelHandle,
                                                   @RestForm("project_id") String projectId,
                                                   @RestForm("env_vars_json") String envVarsJson,
                                                   @RestHeader("x-override-embedding-model") String embeddingHeader,
                                                   @RestHeader("X-Project-Id") String projectHeader) {
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.unprocessable("file: Field required");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw ApiException.unprocessable("file: could not be read: " + e.getMessage());
        }
        ImportOptions options = new ImportOptions(bool("append_copy_suffix", appendCopySuffix, true),
                first(name, overrideName), bool("override_existing_tools", overrideExistingTools, true),
                bool("strip_messages", stripMessages, false), secrets(secrets != null ? secrets : envVarsJson),
                first(model, overrideModelHandle), first(embedding, first(overrideEmbeddingHandle, embeddingHeader)),
                first(projectHeader, projectId));
        return importer.importFile(Actor.of(headers), bytes, options).map(ImportedAgentsResponse::new);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    /** A form boolean as Letta (pydantic) reads one. */
    static boolean bool(String field, String value, boolean otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default -> throw ApiException.unprocessable(field + ": Input should be a valid boolean, unable to interpret input");
        };
    }

    private Map<String, String> secrets(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Map<String, Object> parsed;
        try {
            parsed = mapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw ApiException.unprocessable("secrets: must be a JSON object of names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        parsed.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }
}
