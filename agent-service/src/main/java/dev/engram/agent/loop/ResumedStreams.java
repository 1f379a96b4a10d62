package dev.engram.agent.loop;

import dev.engram.agent.run.Run;
import io.smallrye.mutiny.Uni;

/**
 * Who watches a run resumed after its replica died: a background run's stream goes on (its frames keep their
 * sequence), any other run has nobody watching (its client is gone).
 */
public interface ResumedStreams {

    Uni<RunObserver> observe(Run run);
}
