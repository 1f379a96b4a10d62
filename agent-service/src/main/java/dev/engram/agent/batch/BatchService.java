package dev.engram.agent.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.db.Keyset;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.loop.AgentLoop;
import dev.engram.agent.loop.RunObserver;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.message.LettaRequest;
import dev.engram.agent.message.MessageSearchRequests;
import dev.engram.agent.message.OrgMessageService;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.run.RunService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * Letta's message batches on Engram's durable runs: each request of a batch is a background run of its agent (as
 * {@code POST /v1/agents/{id}/messages/async} makes one, keyed {@code batch:<id>:<position>}), started together; the
 * batch ends when every run has ended — cancelled when cancelled, failed when every run failed, completed otherwise —
 * and its callback then gets {@code {job_id, status, completed_at, metadata}}.
 */
@ApplicationScoped
public class BatchService {

    static final int MAX_REQUESTS = 1000;
    private static final Logger LOG = Logger.getLogger(BatchService.class);

    /** Letta's CreateBatch. */
    public record CreateBatch(List<LettaRequest> requests, String callbackUrl) {
    }

    private final AgentLoop loop;
    private final RunService runs;
    private final MemoryClient memory;
    private final Pool pool;
    private final dev.engram.agent.run.Callbacks callbacks;

    public BatchService(AgentLoop loop, RunService runs, MemoryClient memory, Pool pool, dev.engram.agent.run.Callbacks callbacks) {
        this.loop = loop;
        this.runs = runs;
        this.memory = memory;
        this.pool = pool;
        this.callbacks = callbacks;
    }

    /**
     * Makes the batch and one run per request, then starts them. A request that cannot become a run (an unknown agent,
     * an invalid request) fails the whole batch before anything runs: the runs made for it are given up, the batch is
     * removed, and the answer names the request.
     */
    public Uni<BatchView> create(Actor actor, CreateBatch body) {
        if (body == null || body.requests() == null) {
            throw ApiException.unprocessable("requests: Field required");
        }
        if (body.requests().isEmpty() || body.requests().size() > MAX_REQUESTS) {
            throw ApiException.unprocessable("requests: between 1 and " + MAX_REQUESTS + " requests");
        }
        for (int i = 0; i < body.requests().size(); i++) {
            LettaRequest r = body.requests().get(i);
            if (r == null) {
                throw ApiException.unprocessable("requests[" + i + "]: Input should be an object");
            }
            Ids.require("agent", "requests[" + i + "].agent_id", r.agentId());
        }
        if (body.callbackUrl() != null) {
            Requests.httpUrl("callback_url", body.callbackUrl());
        }
        Batch b = new Batch();
        b.id = "job-" + UUID.randomUUID();
        b.organizationId = actor.organizationId();
        b.status = "running";
        b.callbackUrl = body.callbackUrl();
        b.createdAt = now();
        b.updatedAt = b.createdAt;
        b.createdById = actor.userId();
        List<AgentLoop.Prepared> prepared = new ArrayList<>();
        return Panache.withTransaction(() -> b.persist())
                .chain(() -> prepareAll(actor, b, body.requests(), 0, prepared))
                .onFailure().call(e -> giveUp(b, prepared))
                .invoke(() -> prepared.forEach(p -> {
                    if (!p.attached()) {
                        loop.start(p, RunObserver.NONE);
                    }
                }))
                .replaceWith(() -> BatchView.of(b));
    }

    private Uni<Void> prepareAll(Actor actor, Batch b, List<LettaRequest> requests, int i, List<AgentLoop.Prepared> into) {
        if (i >= requests.size()) {
            return Uni.createFrom().voidItem();
        }
        LettaRequest r = requests.get(i);
        // deferred: a request the loop refuses at once (validation) fails this Uni, named like the others
        return Uni.createFrom().deferred(() -> loop.prepare(actor, r.agentId(), r, "batch:" + b.id + ":" + i, true, null))
                .onFailure(ApiException.class).transform(e -> new ApiException(((ApiException) e).status(),
                        "requests[" + i + "]: " + ((ApiException) e).detail()))
                .chain(p -> {
                    into.add(p);
                    BatchRun link = new BatchRun();
                    link.batchId = b.id;
                    link.runId = p.run().id;
                    link.agentId = r.agentId();
                    link.position = i;
                    return Panache.withTransaction(() -> link.persist());
                })
                .chain(() -> prepareAll(actor, b, requests, i + 1, into));
    }

    private Uni<Void> giveUp(Batch b, List<AgentLoop.Prepared> prepared) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AgentLoop.Prepared p : prepared) {
            // never started: the run goes with the batch, as if the request had not been made
            chain = chain.chain(() -> loop.abandon(p)).chain(() -> Panache.withTransaction(() -> dev.engram.agent.run.Run.deleteById(p.run().id)))
                    .replaceWithVoid();
        }
        return chain.chain(() -> Panache.withTransaction(() -> Batch.delete("id", b.id))).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("batch %s not cleaned up: %s", b.id, e.toString())).onFailure().recoverWithNull();
    }

    public Uni<List<BatchView>> list(Actor actor, String after, String before, int limit, boolean ascending) {
        return list(actor, false, after, before, limit, ascending);
    }

    /** The organization's batches ({@code running} only: those not ended), with cursors. */
    public Uni<List<BatchView>> list(Actor actor, boolean running, String after, String before, int limit, boolean ascending) {
        String org = actor.organizationId();
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        String where = "organizationId = :org" + (running ? " and status = 'running'" : "");
        return Panache.withSession(() -> Keyset.resolve("Batch", "createdAt", org, "after", after, "job")
                .chain(a -> Keyset.resolve("Batch", "createdAt", org, "before", before, "job").chain(c -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, c, ascending, params);
                    return Batch.<Batch>find(where + plan.condition() + plan.order(), params).page(0, limit).list()
                            .map(plan::arrange);
                }))).map(rows -> rows.stream().map(BatchView::of).toList());
    }

    /** Removes the batch's record (its runs and their messages stay); answers it as it was. */
    public Uni<BatchView> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> find(actor, id).call(b -> b.delete())).map(BatchView::of);
    }

    public Uni<BatchView> get(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id)).map(BatchView::of);
    }

    /** Cancels the batch's runs that have not ended; 409 once the batch has ended. */
    public Uni<BatchView> cancel(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id).chain(b -> BatchRun.<BatchRun>list("batchId", b.id).map(l -> Map.entry(b, l))))
                .chain(found -> {
                    Batch b = found.getKey();
                    if (!"running".equals(b.status)) {
                        throw ApiException.conflict("Batch " + b.id + " has already ended (" + b.status + ")");
                    }
                    Map<String, List<String>> byAgent = new HashMap<>();
                    found.getValue().forEach(l -> byAgent.computeIfAbsent(l.agentId, k -> new ArrayList<>()).add(l.runId));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<String, List<String>> e : byAgent.entrySet()) {
                        // an agent whose runs of the batch have all ended has nothing to cancel (409 there): fine here
                        chain = chain.chain(() -> runs.cancel(actor, e.getKey(), e.getValue()).replaceWithVoid()
                                .onFailure(ApiException.class).recoverWithNull());
                    }
                    Instant now = now();
                    return chain.chain(() -> Panache.withTransaction(() -> find(actor, id).invoke(x -> {
                        x.status = "cancelled";
                        x.completedAt = now;
                        x.updatedAt = now;
                    })));
                })
                .call(this::callback)
                .map(BatchView::of);
    }

    /** Letta's LettaBatchMessages: the raw messages of the batch's runs (of one agent when asked), with cursors. */
    public Uni<List<MessageSearchRequests.RawMessage>> messages(Actor actor, String id, String agentId, String after, String before,
                                                                 int limit, boolean ascending) {
        return Panache.withSession(() -> find(actor, id).chain(b -> BatchRun.<BatchRun>list("batchId = ?1 order by position", b.id)))
                .chain(links -> {
                    List<Uni<List<JsonNode>>> reads = links.stream().filter(l -> agentId == null || agentId.equals(l.agentId))
                            .map(l -> memory.messages(actor, l.agentId, runMessages(l.runId))).toList();
                    if (reads.isEmpty()) {
                        return Uni.createFrom().item(List.<MessageSearchRequests.RawMessage>of());
                    }
                    return Uni.join().all(reads).andFailFast().map(all -> {
                        List<MessageSearchRequests.RawMessage> out = new ArrayList<>();
                        for (List<JsonNode> page : all) {
                            for (JsonNode m : page) {
                                out.add(OrgMessageService.raw(message(m)));
                            }
                        }
                        out.sort(Comparator.comparing(MessageSearchRequests.RawMessage::createdAt).thenComparing(MessageSearchRequests.RawMessage::id));
                        return Cursors.page(out, MessageSearchRequests.RawMessage::id, before, after, limit, ascending, "message");
                    });
                });
    }

    private static MultivaluedMap<String, String> runMessages(String runId) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("view", "raw");
        q.putSingle("run_id", runId);
        q.putSingle("order", "asc");
        q.putSingle("limit", "10000");
        return q;
    }

    private static MemoryRecords.MessageData message(JsonNode m) {
        try {
            return JsonText.MAPPER.treeToValue(m, MemoryRecords.MessageData.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("memory-service answered a message this service cannot read", e);
        }
    }

    /**
     * Ends the batches whose runs have all ended (one statement: a batch ends once, whichever replica sees it first),
     * then sends their callbacks.
     */
    @Scheduled(every = "${engram.batches.check-interval:2s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> finishEnded() {
        return pool.query("""
                        UPDATE agent.batches b
                        SET status = CASE WHEN EXISTS (SELECT 1 FROM agent.batch_runs l JOIN agent.runs r ON r.id = l.run_id
                                                       WHERE l.batch_id = b.id AND r.status <> 'failed')
                                          THEN 'completed' ELSE 'failed' END,
                            completed_at = now(), updated_at = now()
                        WHERE b.status = 'running'
                          AND NOT EXISTS (SELECT 1 FROM agent.batch_runs l JOIN agent.runs r ON r.id = l.run_id
                                          WHERE l.batch_id = b.id AND r.status IN ('created', 'running'))
                        RETURNING b.id""").execute()
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Row r : rows) {
                        String id = r.getString("id");
                        chain = chain.chain(() -> Panache.withSession(() -> Batch.<Batch>findById(id)).chain(this::callback));
                    }
                    return chain;
                })
                .onFailure().invoke(e -> LOG.warnf("ending batches: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** Posts the ended batch's outcome to its callback URL (5 s timeout) and records how that went. */
    Uni<Void> callback(Batch b) {
        if (b == null || b.callbackUrl == null || b.callbackSentAt != null || "running".equals(b.status)) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode body = JsonText.MAPPER.createObjectNode();
        body.put("job_id", b.id);
        body.put("status", b.status);
        body.put("completed_at", b.completedAt == null ? null : b.completedAt.toString());
        body.putObject("metadata").put("job_type", "batch_messages");
        return callbacks.post(b.callbackUrl, body)
                .chain(sent -> Panache.withTransaction(() -> Batch.update(
                        "callbackSentAt = ?1, callbackStatusCode = ?2, callbackError = ?3 where id = ?4 and callbackSentAt is null",
                        now(), sent.statusCode(), sent.error(), b.id)))
                .replaceWithVoid();
    }

    static Uni<Batch> find(Actor actor, String id) {
        return Batch.<Batch>find("id = ?1 and organizationId = ?2", id, actor.organizationId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Batch " + id + " not found"));
    }
}
