package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.run.Run;
import dev.engram.agent.run.RunRepository;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * {@code POST /v1/runs/{run_id}/stream}: a background run's stream from where the client stopped
 * ({@code starting_after}, a {@code seq_id}), then live until it ends. Letta's RetrieveStreamRequest; the body may be
 * left out.
 */
@ApplicationScoped
public class RunStreamRoutes {

    /** Letta's RetrieveStreamRequest (agent_id, run_id and otid are for the conversation route). */
    // native image: read from the body by the Vert.x route with an ObjectMapper
    @RegisterForReflection
    public record RetrieveStream(String agentId, String runId, String otid, Long startingAfter, Boolean includePings, Double pollInterval,
                                 Integer batchSize) {

        static final RetrieveStream DEFAULTS = new RetrieveStream(null, null, null, null, null, null, null);

        public long after() {
            return startingAfter == null ? 0 : startingAfter;
        }

        boolean pings() {
            return includePings == null || includePings;
        }

        Duration poll() {
            return Duration.ofMillis(Math.round((pollInterval == null ? 0.1 : pollInterval) * 1000));
        }

        int batch() {
            return batchSize == null ? 100 : batchSize;
        }

        void validate() {
            if (startingAfter != null && startingAfter < 0) {
                throw ApiException.unprocessable("starting_after: Input should be greater than or equal to 0");
            }
            if (pollInterval != null && (pollInterval <= 0 || pollInterval > 60)) {
                throw ApiException.unprocessable("poll_interval: Input should be greater than 0 and at most 60");
            }
            if (batchSize != null && (batchSize < 1 || batchSize > 10_000)) {
                throw ApiException.unprocessable("batch_size: Input should be between 1 and 10000");
            }
        }
    }

    private final RunRepository runs;
    private final RunStreams streams;

    public RunStreamRoutes(RunRepository runs, RunStreams streams) {
        this.runs = runs;
        this.streams = streams;
    }

    @Route(path = "/v1/runs/:run_id/stream", methods = Route.HttpMethod.POST, order = 1)
    void resume(RoutingContext rc, @Body Buffer body) {
        try {
            RetrieveStream request = parse(body);
            Actor actor = Actor.ofUser(rc.request().getHeader(Actor.USER_HEADER));
            String runId = rc.pathParam("run_id");
            Panache.withSession(() -> runs.findInOrg(actor.organizationId(), runId))
                    .onItem().ifNull().failWith(() -> ApiException.notFound("Run not found with id " + runId))
                    .subscribe().with(run -> serve(rc, run, request), failure -> HttpErrors.send(rc, failure));
        } catch (RuntimeException | java.io.IOException e) {
            HttpErrors.send(rc, e);
        }
    }

    /** Checks the run can be resumed, then streams: replay, then follow. */
    public void serve(RoutingContext rc, Run run, RetrieveStream request) {
        try {
            streams.checkResumable(run);
        } catch (ApiException e) {
            HttpErrors.send(rc, e);
            return;
        }
        streams.follow(run, new SseChannel(rc.response(), request.pings()), request.after(), request.batch(), request.poll());
    }

    public static RetrieveStream parse(Buffer body) throws java.io.IOException {
        if (body == null || body.length() == 0) {
            return RetrieveStream.DEFAULTS;
        }
        JsonNode tree = JsonText.MAPPER.readTree(body.getBytes());
        if (tree == null || tree.isNull()) {
            return RetrieveStream.DEFAULTS;
        }
        RetrieveStream r = JsonText.MAPPER.treeToValue(tree, RetrieveStream.class);
        r.validate();
        return r;
    }
}
