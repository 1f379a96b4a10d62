package dev.engram.agent.agentfile;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What an import created so far, undone newest first when a later step fails: nothing is left half-created. */
public final class ImportUndo {

    private static final Logger LOG = Logger.getLogger(ImportUndo.class);

    private record Step(String what, Supplier<Uni<?>> undo) {
    }

    private final List<Step> steps = new ArrayList<>();

    public synchronized void add(String what, Supplier<Uni<?>> undo) {
        steps.add(new Step(what, undo));
    }

    /** Runs every undo step, newest first; a failing one is logged and the others still run. */
    Uni<Void> run() {
        List<Step> todo;
        synchronized (this) {
            todo = new ArrayList<>(steps);
            steps.clear();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = todo.size() - 1; i >= 0; i--) {
            Step s = todo.get(i);
            chain = chain.chain(() -> Uni.createFrom().deferred(s.undo())
                    .onFailure().invoke(e -> LOG.errorf("agent file import: could not undo %s: %s", s.what(), e.toString()))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return chain;
    }
}
