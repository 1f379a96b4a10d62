package dev.engram.agent.folder;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * An agent's folders given with the agent ({@code source_ids}/{@code folder_ids} of CreateAgent and UpdateAgent):
 * checked before anything is made or changed (422 for a malformed id, 404 for an unknown one), then attached as the
 * attach route does (the folder's files enter the agent's context, the file tools are added).
 */
@ApplicationScoped
public class AgentSources {

    private final AgentFolders agentFolders;

    public AgentSources(AgentFolders agentFolders) {
        this.agentFolders = agentFolders;
    }

    /** Fails unless every id names a folder of the actor's organization; the ids without repeats. */
    public Uni<List<String>> require(Actor actor, String field, List<String> ids) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        for (int i = 0; i < ids.size(); i++) {
            Ids.require("source", field + "[" + i + "]", ids.get(i));
        }
        return Panache.withSession(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : distinct) {
                chain = chain.chain(() -> FolderService.find(actor, id).replaceWithVoid());
            }
            return chain;
        }).replaceWith(distinct);
    }

    /** Attaches the folders, in order (each as {@code PATCH /v1/agents/{id}/folders/attach/{folder_id}}). */
    public Uni<Void> attach(Actor actor, String agentId, List<String> folderIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : folderIds) {
            chain = chain.chain(() -> agentFolders.attach(actor, agentId, id).replaceWithVoid());
        }
        return chain;
    }

    /** Makes these the agent's folders: the others are detached, the missing ones attached. */
    public Uni<Void> replace(Actor actor, String agentId, List<String> folderIds) {
        return Panache.withSession(() -> AgentFolders.foldersOf(agentId)).chain(current -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Folder f : current) {
                if (!folderIds.contains(f.id)) {
                    chain = chain.chain(() -> agentFolders.detach(actor, agentId, f.id).replaceWithVoid());
                }
            }
            List<String> have = current.stream().map(f -> f.id).toList();
            return chain.chain(() -> attach(actor, agentId, folderIds.stream().filter(id -> !have.contains(id)).toList()));
        });
    }
}
