package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Committed steps. */
@ApplicationScoped
public class StepCommitRepository implements PanacheRepositoryBase<StepCommit, String> {
}
