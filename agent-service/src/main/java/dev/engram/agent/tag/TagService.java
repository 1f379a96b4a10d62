package dev.engram.agent.tag;

import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The organization's tags: those of its agents (here) and of its blocks (memory-service), merged without repeats, in
 * code-point order. Each side gives at most {@code limit} tags past the cursor in that order, so the first
 * {@code limit} of the merge are the page.
 */
@ApplicationScoped
public class TagService {

    private final AgentRepository agents;
    private final MemoryClient memory;

    public TagService(AgentRepository agents, MemoryClient memory) {
        this.agents = agents;
        this.memory = memory;
    }

    public Uni<List<String>> list(Actor actor, String text, String after, String before, boolean ascending, int limit) {
        Uni<List<String>> ofAgents = Panache.withSession(() -> agents.tags(actor.organizationId(), text, after, before, ascending, limit));
        return ofAgents.chain(a -> memory.blockTags(actor, text, after, before, ascending, limit).map(b -> {
            TreeSet<String> merged = new TreeSet<>(ascending ? Comparator.<String>naturalOrder() : Comparator.<String>reverseOrder());
            merged.addAll(a);
            merged.addAll(b);
            return merged.stream().limit(limit).toList();
        }));
    }
}
