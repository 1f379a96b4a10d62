package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.VertxContexts;
import dev.engram.agent.tool.custom.CustomTools;
import dev.engram.agent.tool.sandbox.PipRequirement;
import dev.engram.agent.tool.sandbox.PythonCall;
import dev.engram.agent.tool.sandbox.PythonRunner;
import dev.engram.agent.tool.sandbox.Sandbox;
import dev.engram.agent.tool.source.PythonParserException;
import dev.engram.agent.tool.source.PythonToolSchemas;
import dev.engram.agent.tool.source.ToolSchemaException;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * Tools written by users: created from Python source (its schema generated without running it), updated, deleted,
 * and run once from source without being stored. Every organization has its own; names are unique in it, and the
 * built-in tools' names are theirs.
 */
@ApplicationScoped
public class CustomToolService {

    /** Letta's limit on tool names. */
    public static final int MAX_NAME_LENGTH = 48;

    private final ToolService tools;
    private final ToolRepository repository;
    private final PythonToolSchemas schemas;
    private final Sandbox sandbox;
    private final PythonRunner runner;

    public CustomToolService(ToolService tools, ToolRepository repository, PythonToolSchemas schemas, Sandbox sandbox, PythonRunner runner) {
        this.tools = tools;
        this.repository = repository;
        this.schemas = schemas;
        this.sandbox = sandbox;
        this.runner = runner;
    }

    /** Create, or update the tool of the same name (Letta's POST and PUT /v1/tools/ alike). */
    public Uni<ToolView> upsert(Actor actor, ToolCreate r) {
        requireSandbox();
        checkSourceType(r.sourceType());
        return schemaOf(r.sourceCode(), r.jsonSchema(), r.argsJsonSchema()).chain(schema -> {
            String name = nameOf(schema);
            return tools.ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withTransaction(() ->
                    repository.find("organizationId = ?1 and name = ?2", actor.organizationId(), name).firstResult().chain(existing -> {
                        if (existing != null && !CustomTools.TYPE.equals(existing.toolType)) {
                            throw ApiException.conflict("A " + existing.toolType + " tool named '" + name + "' already exists; "
                                    + "custom tools cannot replace it");
                        }
                        ToolEntity t = existing != null ? existing : newTool(actor, name);
                        t.sourceCode = r.sourceCode();
                        t.sourceType = r.sourceType() == null ? "python" : r.sourceType();
                        t.jsonSchema = schema;
                        t.argsJsonSchema = r.argsJsonSchema();
                        t.description = r.description() != null ? r.description() : schema.path("description").asText(null);
                        if (r.tags() != null) {
                            t.tags = new ArrayList<>(r.tags());
                        }
                        if (r.returnCharLimit() != null || existing == null) {
                            t.returnCharLimit = r.returnCharLimit() == null ? 50_000 : r.returnCharLimit();
                        }
                        t.pipRequirements = requirements(r.pipRequirements());
                        t.npmRequirements = requirements(r.npmRequirements());
                        if (r.defaultRequiresApproval() != null) {
                            t.defaultRequiresApproval = r.defaultRequiresApproval();
                        }
                        if (r.enableParallelExecution() != null) {
                            t.enableParallelExecution = r.enableParallelExecution();
                        }
                        if (r.metadata() != null) {
                            t.metadata = r.metadata();
                        }
                        t.updatedAt = now();
                        t.lastUpdatedById = actor.userId();
                        return (existing != null ? Uni.createFrom().item(t) : repository.persist(t)).map(ToolView::of);
                    }))).onFailure(this::duplicateName).transform(e -> ApiException.conflict("A tool named '" + name + "' was created at the same "
                    + "time; retry to update it"));
        });
    }

    /** Letta's PATCH: the fields given change; a new source (without a new schema) gets its schema generated again. */
    public Uni<ToolView> update(Actor actor, String id, ToolUpdate r) {
        checkSourceType(r.sourceType());
        return Panache.withSession(() -> repository.findInOrg(actor.organizationId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Tool with id " + id + " not found"))
                .chain(current -> {
                    boolean custom = CustomTools.TYPE.equals(current.toolType);
                    boolean sourceChanges = r.sourceCode() != null || r.jsonSchema() != null || r.argsJsonSchema() != null;
                    if (!custom && sourceChanges) {
                        throw ApiException.badRequest("The source and schema of the " + current.toolType + " tool '" + current.name
                                + "' are built in and cannot be changed");
                    }
                    Uni<ObjectNode> schema = !sourceChanges ? Uni.createFrom().nullItem()
                            : schemaOf(r.sourceCode() != null ? r.sourceCode() : current.sourceCode, r.jsonSchema(),
                            r.argsJsonSchema() != null ? r.argsJsonSchema() : r.sourceCode() != null ? null : current.argsJsonSchema);
                    return schema.chain(s -> Panache.withTransaction(() -> repository.findInOrg(actor.organizationId(), id).chain(t -> {
                        if (t == null) {
                            throw ApiException.notFound("Tool with id " + id + " not found");
                        }
                        Uni<Void> nameFree = Uni.createFrom().voidItem();
                        if (s != null) {
                            String name = nameOf(s);
                            if (!name.equals(t.name)) {
                                nameFree = repository.count("organizationId = ?1 and name = ?2", actor.organizationId(), name).invoke(n -> {
                                    if (n > 0) {
                                        throw ApiException.conflict("A tool named '" + name + "' already exists");
                                    }
                                }).replaceWithVoid();
                                t.name = name;
                            }
                            t.jsonSchema = s;
                            if (r.sourceCode() != null) {
                                t.sourceCode = r.sourceCode();
                            }
                            if (r.argsJsonSchema() != null) {
                                t.argsJsonSchema = r.argsJsonSchema();
                            }
                            if (r.description() == null) {
                                t.description = s.path("description").asText(t.description);
                            }
                        }
                        apply(t, r);
                        t.updatedAt = now();
                        t.lastUpdatedById = actor.userId();
                        return nameFree.replaceWith(t);
                    }))).map(ToolView::of);
                }).onFailure(this::duplicateName).transform(e -> ApiException.conflict("A tool with that name already exists"));
    }

    private static void apply(ToolEntity t, ToolUpdate r) {
        if (r.description() != null) {
            t.description = r.description();
        }
        if (r.tags() != null) {
            t.tags = new ArrayList<>(r.tags());
        }
        if (r.sourceType() != null) {
            t.sourceType = r.sourceType();
        }
        if (r.returnCharLimit() != null) {
            t.returnCharLimit = r.returnCharLimit();
        }
        if (r.pipRequirements() != null) {
            t.pipRequirements = requirements(r.pipRequirements());
        }
        if (r.npmRequirements() != null) {
            t.npmRequirements = requirements(r.npmRequirements());
        }
        if (r.metadata() != null) {
            t.metadata = r.metadata();
        }
        if (r.defaultRequiresApproval() != null) {
            t.defaultRequiresApproval = r.defaultRequiresApproval();
        }
        if (r.enableParallelExecution() != null) {
            t.enableParallelExecution = r.enableParallelExecution();
        }
    }

    /** Deletes the tool and detaches it from every agent; the built-in tools come back on the next start. */
    public Uni<Void> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> repository.findInOrg(actor.organizationId(), id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Tool with id " + id + " not found"))
                .chain(t -> AgentTool.delete("toolId", t.id).chain(() -> repository.delete(t)))).replaceWithVoid();
    }

    /** Builds a tool from source and runs it once in the sandbox; nothing is stored. */
    public Uni<ToolReturnView> runFromSource(Actor actor, ToolRunFromSource r) {
        requireSandbox();
        checkSourceType(r.sourceType());
        if (!r.args().isObject()) {
            throw ApiException.unprocessable("body.args: Input should be a valid dictionary");
        }
        return schemaOf(r.sourceCode(), r.jsonSchema(), r.argsJsonSchema()).chain(schema -> {
            String function = schema.path("name").asText();
            String name = r.name() != null ? r.name() : function;
            List<PipRequirement> pip = r.pipRequirements() == null ? List.of()
                    : r.pipRequirements().stream().map(q -> new PipRequirement(q.name(), q.version())).toList();
            PythonCall call = new PythonCall(r.sourceCode(), function, r.args(), r.envVars() == null ? Map.of() : r.envVars(), null, false,
                    pip, null);
            return runner.call(call)
                    .map(res -> ToolReturnView.of(name, true, res.output().text(), res.output().stdout(), res.output().stderr()))
                    .onFailure(ToolFailure.class).recoverWithItem(e -> {
                        ToolFailure f = (ToolFailure) e;
                        ToolOutput printed = f.printed();
                        return ToolReturnView.of(name, false, f.describe(name), printed == null ? List.of() : printed.stdout(),
                                printed == null ? List.of() : printed.stderr());
                    });
        });
    }

    /** The schema the model sees: the given one as is, else generated from the source (its arguments from args_json_schema). */
    private Uni<ObjectNode> schemaOf(String source, JsonNode jsonSchema, JsonNode argsJsonSchema) {
        if (jsonSchema != null && !jsonSchema.isNull()) {
            if (!jsonSchema.isObject() || !jsonSchema.path("name").isTextual()) {
                return Uni.createFrom().failure(ApiException.unprocessable("body.json_schema: must be an object with a \"name\""));
            }
            return Uni.createFrom().item((ObjectNode) jsonSchema);
        }
        JsonNode args = argsJsonSchema == null || argsJsonSchema.isNull() ? null : argsJsonSchema;
        return VertxContexts.onCaller(Uni.createFrom().item(() -> {
                    try {
                        return schemas.generate(source, args);
                    } catch (ToolSchemaException e) {
                        throw ApiException.badRequest(e.createDetail());
                    } catch (PythonParserException e) {
                        throw ApiException.unavailable("Could not read the tool's source: " + e.getMessage());
                    }
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private static String nameOf(JsonNode schema) {
        String name = schema.path("name").asText();
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("INVALID_ARGUMENT: Tool name " + name + " is too long. It must be less than " + MAX_NAME_LENGTH + " characters.");
        }
        return name;
    }

    private void requireSandbox() {
        if (sandbox.unavailable() != null) {
            throw ApiException.badRequest("Custom tools are disabled on this server: " + sandbox.unavailable());
        }
    }

    private static void checkSourceType(String sourceType) {
        if (sourceType != null && !"python".equals(sourceType)) {
            throw ApiException.unprocessable("body.source_type: only python tools run on this server (got " + sourceType + ")");
        }
    }

    private boolean duplicateName(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("tools_org_name_key")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode requirements(List<ToolCreate.Requirement> list) {
        if (list == null) {
            return null;
        }
        ArrayNode out = JsonText.MAPPER.createArrayNode();
        list.forEach(q -> out.addObject().put("name", q.name()).put("version", q.version()));
        return out;
    }

    private static ToolEntity newTool(Actor actor, String name) {
        ToolEntity t = new ToolEntity();
        t.id = "tool-" + UUID.randomUUID();
        t.organizationId = actor.organizationId();
        t.name = name;
        t.toolType = CustomTools.TYPE;
        t.createdAt = now();
        t.createdById = actor.userId();
        return t;
    }
}
