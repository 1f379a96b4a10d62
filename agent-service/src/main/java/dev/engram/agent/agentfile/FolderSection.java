package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;

import java.util.Map;

/**
 * The extension point for the Agent File's {@code sources}, {@code files} and each agent's {@code files_agents},
 * {@code source_ids} and {@code folder_ids}; implemented by the folder package ({@code AgentFileFolders}).
 */
public interface FolderSection {

    /**
     * Fills {@code sources} and {@code files} of the document and the agent's {@code source_ids}, {@code folder_ids},
     * {@code files_agents}; file ids come from {@code ids} (prefixes {@code source}, {@code file}, {@code file_agent}).
     */
    Uni<Void> export(Actor actor, String agentId, String agentFileId, ObjectNode document, ObjectNode agent, IdMap ids);

    /**
     * Creates the document's sources and files and attaches them to the new agents; answers file id → Engram id for
     * what it created, and registers undo steps with {@code undo} so a failed import removes them again.
     */
    Uni<Map<String, String>> importAll(Actor actor, ArrayNode sources, ArrayNode files, Map<String, String> agentIds,
                                       ObjectNode document, ImportOptions options, ImportUndo undo);

    /** Hands out file ids: numbered per prefix, the same Engram id the same file id. */
    interface IdMap {
        String of(String prefix, String engramId);
    }
}
