package dev.engram.agent.folder;

import dev.engram.agent.agent.Agent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The {@code <directories>} section of an agent's system prompt: its folders, each with its files, open ones with their
 * visible window, laid out as Letta's memory compiler does. Stored on the agent ({@code agents.directories}) whenever
 * its folders or open files change, so that every compile of the prompt shows it.
 */
@ApplicationScoped
public class Directories {

    /** Reads the agent's stored section again (a file tool of this step may have changed it). */
    public Uni<Void> refresh(Agent agent) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT directories FROM agent.agents WHERE id = ?1", String.class).setParameter(1, agent.id).getResultList()))
                .invoke(rows -> agent.directories = rows.isEmpty() ? null : rows.getFirst())
                .replaceWithVoid();
    }

    /** The section; null for an agent without folders. Files are listed per folder in the order given. */
    static String render(List<Folder> folders, Map<String, List<AgentFile>> filesByFolder, int maxFilesOpen, int charLimit) {
        if (folders.isEmpty()) {
            return null;
        }
        long open = filesByFolder.values().stream().flatMap(List::stream).filter(f -> visible(f, charLimit) != null).count();
        StringBuilder s = new StringBuilder("\n\n<directories>\n");
        s.append("<file_limits>\n- current_files_open=").append(open).append("\n- max_files_open=").append(maxFilesOpen)
                .append("\n</file_limits>\n");
        for (Folder folder : folders) {
            s.append("<directory name=\"").append(folder.name).append("\">\n");
            if (folder.description != null && !folder.description.isEmpty()) {
                s.append("<description>").append(folder.description).append("</description>\n");
            }
            if (folder.instructions != null && !folder.instructions.isEmpty()) {
                s.append("<instructions>").append(folder.instructions).append("</instructions>\n");
            }
            for (AgentFile f : filesByFolder.getOrDefault(folder.id, List.of())) {
                String value = visible(f, charLimit);
                s.append("<file status=\"").append(value != null ? "open" : "closed").append("\" name=\"").append(f.fileName).append("\">\n");
                s.append("<metadata>\n- read_only=true\n- chars_current=").append(value == null ? 0 : value.length())
                        .append("\n- chars_limit=").append(charLimit).append("\n</metadata>\n");
                if (value != null) {
                    s.append("<value>\n").append(value).append("\n</value>\n");
                }
                s.append("</file>\n");
            }
            s.append("</directory>\n");
        }
        return s.append("</directories>").toString();
    }

    /** What an open file shows: its window, cut to the agent's per-file limit; null when closed or empty. */
    static String visible(AgentFile f, int charLimit) {
        if (!f.isOpen || f.visibleContent == null || f.visibleContent.isEmpty()) {
            return null;
        }
        return f.visibleContent.length() > charLimit ? f.visibleContent.substring(0, charLimit) : f.visibleContent;
    }
}
