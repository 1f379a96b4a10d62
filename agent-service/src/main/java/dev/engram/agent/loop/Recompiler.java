package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Rewrites an agent's system message in place when its memory changed. Only then: steps that change nothing keep the
 * exact same system message, so the provider's prompt cache stays valid.
 */
@ApplicationScoped
public class Recompiler {

    private final MemoryClient memory;
    private final WindowChanges windows;

    public Recompiler(MemoryClient memory, WindowChanges windows) {
        this.windows = windows;
        this.memory = memory;
    }

    /** The system prompt the agent should have now in its own thread. */
    public static String compile(Agent agent, MemoryRecords.ContextView ctx, Instant at) {
        return compile(agent, null, ctx, at);
    }

    /** The system prompt of one of the agent's threads (a conversation's, or its own for null). */
    public static String compile(Agent agent, String conversationId, MemoryRecords.ContextView ctx, Instant at) {
        return MemoryPrompt.compile(agent.system, ctx.blocks(), lineNumbered(agent), ToolRules.of(agent.toolRules).render(),
                agent.directories, new MemoryPrompt.Metadata(agent.id, conversationId, at, agent.timezone, ctx.recallCount(), ctx.archivalCount(), ctx.archivalTags()));
    }

    /** True when the stored system message no longer shows the agent's blocks as they are. */
    public static boolean stale(Agent agent, MemoryRecords.ContextView ctx, String storedSystem) {
        return storedSystem == null || !storedSystem.contains(MemoryPrompt.blocks(ctx.blocks(), lineNumbered(agent)))
                || !directoriesShown(agent, storedSystem);
    }

    /** The stored prompt shows the agent's folders and files as they are (or none, when it has none). */
    static boolean directoriesShown(Agent agent, String storedSystem) {
        String d = agent.directories;
        return d == null || d.isEmpty() ? !storedSystem.contains("\n\n<directories>\n") : storedSystem.contains(d);
    }

    static boolean lineNumbered(Agent agent) {
        String endpoint = agent.llmConfig == null ? null : agent.llmConfig.path("model_endpoint_type").asText(null);
        return MemoryPrompt.lineNumbered(agent.agentType, endpoint);
    }

    /**
     * Recompiles when stale (or always, when forced) and commits the rewrite; answers the compiled prompt. With
     * {@code dryRun} nothing is written.
     */
    public Uni<String> recompile(Actor actor, Agent agent, boolean force, boolean dryRun) {
        return recompile(actor, agent, null, force, dryRun);
    }

    /** {@link #recompile} of one of the agent's threads: a conversation's system message, or the agent's own for null. */
    public Uni<String> recompile(Actor actor, Agent agent, String conversationId, boolean force, boolean dryRun) {
        return memory.context(actor, agent.id, conversationId).chain(ctx -> {
            MemoryRecords.MessageData system = ctx.messages().isEmpty() ? null : ctx.messages().getFirst();
            String stored = system == null ? null : text(system.content());
            if (!force && !stale(agent, ctx, stored)) {
                return Uni.createFrom().item(stored);
            }
            String compiled = compile(agent, conversationId, ctx, Instant.now());
            if (dryRun || system == null || compiled.equals(stored)) {
                return Uni.createFrom().item(compiled);
            }
            MemoryRecords.CommitStep step = new MemoryRecords.CommitStep("recompile-" + UUID.randomUUID(), null, List.of(),
                    List.of(new MemoryRecords.Rewrite(system.id(), content(compiled))),
                    ctx.messages().stream().map(MemoryRecords.MessageData::id).toList(), ctx.version(), null, conversationId);
            return (conversationId == null ? windows.commit(actor, agent.id, step) : memory.commit(actor, agent.id, step)).replaceWith(compiled);
        });
    }

    /** Message content with one text part. */
    public static JsonNode content(String text) {
        var parts = JsonNodeFactory.instance.arrayNode();
        parts.addObject().put("type", "text").put("text", text);
        return parts;
    }

    /** The text of a message's content parts. */
    public static String text(JsonNode content) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                out.append(part.path("text").asText());
            }
        }
        return out.toString();
    }
}
