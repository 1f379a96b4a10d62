package dev.engram.memory.block;

import dev.engram.memory.idempotency.IdempotencyService;
import dev.engram.memory.idempotency.Outcome;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Cursors;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Blocks: create, read, update, delete, attach to agents. Every mutation is one transaction, idempotent by key. */
@ApplicationScoped
public class BlockService {

    private final BlockRepository blocks;
    private final BlockAttachmentRepository attachments;
    private final BlockHistoryRepository history;
    private final IdempotencyService idempotency;
    private final BlockLimits limits;
    private final ConversationBlockRepository conversationBlocks;

    public BlockService(BlockRepository blocks, BlockAttachmentRepository attachments, BlockHistoryRepository history,
                        IdempotencyService idempotency, BlockLimits limits, ConversationBlockRepository conversationBlocks) {
        this.blocks = blocks;
        this.attachments = attachments;
        this.conversationBlocks = conversationBlocks;
        this.history = history;
        this.idempotency = idempotency;
        this.limits = limits;
    }

    public Uni<Outcome> create(Caller caller, String key, CreateBlock request) {
        return idempotency.execute(caller, key, "create block", request,
                () -> insert(caller, request).map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    /** Creates a block and attaches it to the agent in one transaction. */
    public Uni<Outcome> createForAgent(Caller caller, String key, String agentId, CreateBlock request) {
        return idempotency.execute(caller, key, "create block for " + agentId, request,
                () -> insert(caller, request)
                        .call(b -> attach(caller, agentId, b))
                        .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    @WithSession
    public Uni<BlockResponse> get(Caller caller, String id) {
        return require(caller, id).map(BlockResponse::of);
    }

    @WithSession
    public Uni<List<BlockResponse>> list(Caller caller, BlockFilter filter, Page page) {
        String org = caller.organizationId();
        return Cursors.known(page, "block", id -> blocks.count("id = ?1 and organizationId = ?2", id, org))
                .chain(() -> blocks.list(org, filter, page)).map(l -> l.stream().map(BlockResponse::of).toList());
    }

    @WithSession
    public Uni<List<String>> tags(Caller caller, String text, String after, String before, boolean ascending, int limit) {
        return blocks.tags(caller.organizationId(), text, after, before, ascending, limit);
    }

    @WithSession
    public Uni<Long> count(Caller caller, BlockFilter filter) {
        return blocks.count(caller.organizationId(), filter);
    }

    public Uni<Outcome> update(Caller caller, String key, String id, UpdateBlock request) {
        return idempotency.execute(caller, key, "update block " + id, request, () -> blocks.lockInOrg(caller.organizationId(), id)
                .onItem().ifNull().failWith(() -> notFound())
                .call(block -> apply(caller, block, request))
                .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    public Uni<Outcome> delete(Caller caller, String key, String id) {
        return idempotency.execute(caller, key, "delete block " + id, Map.of(), () -> blocks.lockInOrg(caller.organizationId(), id)
                .onItem().ifNull().failWith(() -> notFound())
                .call(block -> attachments.delete("blockId", block.id))
                .call(blocks::delete)
                .replaceWith(new Outcome(200, null)));
    }

    @WithSession
    public Uni<List<BlockHistoryEntry>> history(Caller caller, String id, long afterVersion, int limit) {
        return require(caller, id).chain(b -> history.ofBlock(caller.organizationId(), id, afterVersion, limit))
                .map(l -> l.stream().map(BlockHistoryEntry::of).toList());
    }

    @WithSession
    public Uni<List<String>> agentsOf(Caller caller, String id) {
        return require(caller, id).chain(b -> attachments.agentsOf(caller.organizationId(), id));
    }

    @WithSession
    public Uni<List<BlockResponse>> blocksOf(Caller caller, String agentId) {
        return attachments.blocksOf(caller.organizationId(), agentId).map(l -> l.stream().map(BlockResponse::of).toList());
    }

    /** The agent's blocks, within the caller's session or transaction. */
    public Uni<List<BlockResponse>> blocksOfInSession(Caller caller, String agentId) {
        return attachments.blocksOf(caller.organizationId(), agentId).map(l -> l.stream().map(BlockResponse::of).toList());
    }

    /** Creates a block attached to the agent, within the caller's transaction. */
    public Uni<Void> createAttached(Caller caller, String agentId, CreateBlock request) {
        return insert(caller, request).chain(b -> attach(caller, agentId, b));
    }

    /** Attaches an existing block to the agent, within the caller's transaction. */
    public Uni<Void> attachExisting(Caller caller, String agentId, String blockId) {
        return require(caller, blockId).chain(b -> attach(caller, agentId, b));
    }

    /**
     * The agent's block with this label; within a conversation ({@code conversationId} not null) its isolated copy
     * when it has one.
     */
    @WithSession
    public Uni<BlockResponse> blockOf(Caller caller, String agentId, String label, String conversationId) {
        String org = caller.organizationId();
        Uni<ConversationBlock> copy = conversationId == null ? Uni.createFrom().nullItem()
                : conversationBlocks.findByLabel(org, agentId, conversationId, label);
        return copy.chain(c -> c != null ? Uni.createFrom().item(c.blockId) : attachments.findByLabel(org, agentId, label)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Block with label '" + label + "' not found for agent " + agentId))
                        .map(a -> a.blockId))
                .chain(id -> blocks.findInOrg(org, id))
                .map(BlockResponse::of);
    }

    public Uni<Outcome> attach(Caller caller, String key, String agentId, String blockId) {
        return idempotency.execute(caller, key, "attach " + blockId + " to " + agentId, Map.of(),
                () -> require(caller, blockId)
                        .call(block -> attachments.findOne(caller.organizationId(), agentId, blockId)
                                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : attach(caller, agentId, block)))
                        .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    public Uni<Outcome> detach(Caller caller, String key, String agentId, String blockId) {
        return idempotency.execute(caller, key, "detach " + blockId + " from " + agentId, Map.of(),
                () -> attachments.findOne(caller.organizationId(), agentId, blockId)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("Block " + blockId + " is not attached to agent " + agentId))
                        .call(attachments::delete)
                        .chain(a -> require(caller, blockId))
                        .map(b -> Outcome.ok(BlockResponse.of(b))));
    }

    Uni<Void> attach(Caller caller, String agentId, Block block) {
        return attachments.findByLabel(caller.organizationId(), agentId, block.label).chain(clash -> {
            if (clash != null) {
                return Uni.createFrom().failure(ApiException.conflict("Agent " + agentId + " already has a block with label '"
                        + block.label + "' (" + clash.blockId + ")"));
            }
            BlockAttachment a = new BlockAttachment();
            a.agentId = agentId;
            a.blockId = block.id;
            a.label = block.label;
            a.organizationId = caller.organizationId();
            a.createdAt = now();
            return attachments.persist(a).replaceWithVoid();
        });
    }

    Uni<Block> insert(Caller caller, CreateBlock r) {
        Block b = new Block();
        b.id = Ids.next("block");
        b.organizationId = caller.organizationId();
        b.label = r.label();
        b.value = BlockEdits.stripNulls(r.value());
        b.limit = r.limit() == null ? CreateBlock.DEFAULT_LIMIT : r.limit();
        b.description = r.description();
        b.readOnly = Boolean.TRUE.equals(r.readOnly());
        b.metadata = r.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.metadata());
        b.tags = r.tags() == null ? new ArrayList<>() : new ArrayList<>(r.tags());
        b.hidden = r.hidden();
        b.projectId = r.projectId();
        b.template = Boolean.TRUE.equals(r.isTemplate());
        b.templateName = r.templateName();
        b.templateId = r.templateId();
        b.baseTemplateId = r.baseTemplateId();
        b.deploymentId = r.deploymentId();
        b.entityId = r.entityId();
        b.preserveOnMigration = r.preserveOnMigration() == null ? Boolean.FALSE : r.preserveOnMigration();
        b.version = 1;
        b.createdAt = now();
        b.updatedAt = b.createdAt;
        b.createdById = caller.actorId();
        b.lastUpdatedById = caller.actorId();
        checkLimit(b.limit, b.value);
        return blocks.persist(b).call(saved -> record(caller, saved, null, "create", null, null, null));
    }

    private Uni<Void> apply(Caller caller, Block b, UpdateBlock r) {
        String previous = b.value;
        String previousLabel = b.label;
        if (r.value() != null) {
            b.value = BlockEdits.stripNulls(r.value());
        }
        if (r.limit() != null) {
            if (limits.enforceLimit() && r.value() == null && r.limit() < BlockEdits.length(b.value)) {
                throw ApiException.badRequest("Limit (" + r.limit() + ") cannot be less than current value length ("
                        + BlockEdits.length(b.value) + " characters)");
            }
            b.limit = r.limit();
        }
        checkLimit(b.limit, b.value);
        if (r.label() != null) {
            if (r.label().isBlank()) {
                throw ApiException.unprocessable("body.label: must not be blank");
            }
            b.label = r.label();
        }
        if (r.description() != null) {
            b.description = r.description();
        }
        if (r.readOnly() != null) {
            b.readOnly = r.readOnly();
        }
        if (r.metadata() != null) {
            b.metadata = new LinkedHashMap<>(r.metadata());
        }
        if (r.tags() != null) {
            b.tags = new ArrayList<>(r.tags());
        }
        if (r.hidden() != null) {
            b.hidden = r.hidden();
        }
        if (r.projectId() != null) {
            b.projectId = r.projectId();
        }
        if (r.isTemplate() != null) {
            b.template = r.isTemplate();
        }
        if (r.templateName() != null) {
            b.templateName = r.templateName();
        }
        if (r.templateId() != null) {
            b.templateId = r.templateId();
        }
        if (r.baseTemplateId() != null) {
            b.baseTemplateId = r.baseTemplateId();
        }
        if (r.deploymentId() != null) {
            b.deploymentId = r.deploymentId();
        }
        if (r.entityId() != null) {
            b.entityId = r.entityId();
        }
        if (r.preserveOnMigration() != null) {
            b.preserveOnMigration = r.preserveOnMigration();
        }
        Uni<Integer> relabel = b.label.equals(previousLabel) ? Uni.createFrom().item(0) : relabel(caller, b);
        return relabel.chain(() -> touch(caller, b, previous, "update", null, null, null));
    }

    private Uni<Integer> relabel(Caller caller, Block b) {
        // a rename must not break the one-label-per-agent rule of any agent the block is attached to
        return attachments.clashOnRename(b.id, b.label).chain(clash -> clash != null
                ? Uni.createFrom().failure(ApiException.conflict("Agent " + clash.agentId + " already has a block with label '"
                        + b.label + "'"))
                : attachments.relabel(b.id, b.label));
    }

    /** Bumps the version and records the change; the caller has the block locked. */
    Uni<Void> touch(Caller caller, Block b, String previousValue, String operation, String reason, String agentId, String toolCallId) {
        b.version++;
        b.updatedAt = now();
        b.lastUpdatedById = caller.actorId();
        return record(caller, b, previousValue, operation, reason, agentId, toolCallId);
    }

    private Uni<Void> record(Caller caller, Block b, String previousValue, String operation, String reason, String agentId,
                             String toolCallId) {
        BlockHistory h = new BlockHistory();
        h.id = Ids.next("block_hist");
        h.blockId = b.id;
        h.organizationId = b.organizationId;
        h.version = b.version;
        h.label = b.label;
        h.previousValue = previousValue;
        h.newValue = b.value;
        h.operation = operation;
        h.reason = reason;
        h.actorId = caller.actorId();
        h.agentId = agentId;
        h.toolCallId = toolCallId;
        h.createdAt = b.updatedAt;
        return history.persist(h).replaceWithVoid();
    }

    void checkLimit(int limit, String value) {
        int length = BlockEdits.length(value);
        if (limits.enforceLimit() && length > limit) {
            throw ApiException.unprocessable("Edit failed: Exceeds " + limit + " character limit (requested " + length + ")");
        }
    }

    private Uni<Block> require(Caller caller, String id) {
        return blocks.findInOrg(caller.organizationId(), id).onItem().ifNull().failWith(BlockService::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Block not found");
    }

    static Instant now() {
        // PostgreSQL keeps microseconds: truncate so that what we return equals what is stored
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
