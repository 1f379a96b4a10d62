package dev.engram.agent.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.loop.Compactor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.JsonErrors;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;


/** The {@code {"detail": ...}} errors of the routes served outside JAX-RS (streaming needs the raw response). */
public final class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    public static void send(RoutingContext rc, Throwable failure) {
        Throwable e = unwrap(failure);
        ObjectNode body = JsonText.MAPPER.createObjectNode();
        int status;
        if (e instanceof ApiException api) {
            status = api.status();
            body = JsonText.MAPPER.valueToTree(api.body());
        } else if (e instanceof LlmException llm) {
            status = llm.httpStatus();
            body.put("detail", llm.getMessage());
        } else if (e instanceof Compactor.SystemPromptTooLarge big) {
            status = 400;
            body.put("detail", big.getMessage());
        } else if (e instanceof JsonProcessingException j) {
            status = 422;
            body.put("detail", JsonErrors.detail(j));
        } else {
            LOG.error("unexpected error", e);
            status = 500;
            body.put("detail", "Internal server error: " + e);
        }
        if (rc.response().headWritten()) {
            rc.response().end();
            return;
        }
        if (e instanceof ApiException api) {
            api.headers().forEach(rc.response()::putHeader);
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /**
     * A request that failed after its run was prepared and before it was started: the run is given up (its turn given
     * back, see {@link dev.engram.agent.loop.AgentLoop#abandon}), then the failure is sent.
     */
    static void afterAbandoning(RoutingContext rc, dev.engram.agent.loop.AgentLoop loop, dev.engram.agent.loop.AgentLoop.Prepared prepared,
                                Throwable failure) {
        loop.abandon(prepared).subscribe().with(v -> send(rc, failure), e -> send(rc, failure));
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof io.smallrye.mutiny.CompositeException)
                && t.getCause() != null) {
            t = t instanceof io.smallrye.mutiny.CompositeException c ? c.getCauses().getFirst() : t.getCause();
        }
        return t;
    }
}
