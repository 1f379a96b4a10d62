package dev.engram.agent.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Posts an outcome to a client's callback URL (a run's, a batch's) and says how that went; never fails. */
@ApplicationScoped
public class Callbacks {

    /** The callback's HTTP status, or the error that kept it from answering (5 s at most). */
    public record Outcome(Integer statusCode, String error) {
    }

    private final WebClient web;

    public Callbacks(Vertx vertx) {
        this.web = WebClient.create(vertx);
    }

    public Uni<Outcome> post(String url, ObjectNode body) {
        return web.postAbs(url).timeout(5000).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body.toString()))
                .map(response -> new Outcome(response.statusCode(), null))
                .onFailure().recoverWithItem(e -> new Outcome(null, String.valueOf(e.getMessage())));
    }
}
