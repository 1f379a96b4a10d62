package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.web.Actor;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;

/** Folders are not in Engram yet: exports carry none; imported sources and files are left out (logged). */
@ApplicationScoped
@DefaultBean
public class NoFolders implements FolderSection {

    private static final Logger LOG = Logger.getLogger(NoFolders.class);

    @Override
    public Uni<Void> export(Actor actor, String agentId, String agentFileId, ObjectNode document, ObjectNode agent, IdMap ids) {
        agent.putArray("source_ids");
        agent.putNull("folder_ids");
        agent.putArray("files_agents");
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Map<String, String>> importAll(Actor actor, ArrayNode sources, ArrayNode files, Map<String, String> agentIds,
                                              ObjectNode document, ImportUndo undo) {
        if (!sources.isEmpty() || !files.isEmpty()) {
            LOG.infof("agent file import: %d sources and %d files left out (folders are not supported yet)", sources.size(), files.size());
        }
        return Uni.createFrom().item(Map.of());
    }
}
