package dev.engram.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Agents' in-context windows (a step commit writes them with {@link StepCommitRepository#write}). */
@ApplicationScoped
public class AgentContextRepository implements PanacheRepositoryBase<AgentContext, String> {
}
