package dev.engram.agent.loop;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * LLM clients answer on their HTTP client's threads; the loop's database and REST calls must continue on the Vert.x
 * context the request started on.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    public static <T> Uni<T> onCaller(Uni<T> uni) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return uni;
        }
        return uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
