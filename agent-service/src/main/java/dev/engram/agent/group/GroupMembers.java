package dev.engram.agent.group;

import dev.engram.agent.web.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The members a supervisor reaches with its group tool. */
@ApplicationScoped
public class GroupMembers {

    private final GroupRepository groups;

    public GroupMembers(GroupRepository groups) {
        this.groups = groups;
    }

    /** The members, in order, of the (oldest) supervisor group the agent manages; null when it manages none. */
    public Uni<List<String>> supervisedBy(Actor actor, String agentId) {
        return Panache.withSession(() -> groups.managedBy(actor.organizationId(), agentId, ManagerConfig.SUPERVISOR).chain(list -> list.isEmpty()
                ? Uni.createFrom().<List<String>>nullItem()
                : groups.members(List.of(list.getFirst().id)).map(m -> m.get(list.getFirst().id))));
    }
}
