package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.llm.LlmClient;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.llm.LlmRequest;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the window within the model's context: past 90% of it, the oldest messages move out behind an LLM-written
 * summary. The cut lands on an assistant message so tool calls and results are never split; if that cannot get the
 * window small enough, everything but the system message is summarised. Evicted messages stay in recall memory, where
 * conversation_search finds them.
 */
@ApplicationScoped
public class Compactor {

    private static final Logger LOG = Logger.getLogger(Compactor.class);
    static final double TRIGGER = 0.9;
    static final double KEEP = 0.7;
    static final int CLIP_CHARS = 50_000;
    private static final String INSTRUCTIONS = """
            You are compressing the oldest part of a conversation between an AI assistant and a user so the assistant can \
            keep working with less context. Write a concise summary (at most 300 words) in the third person of what happened: \
            the facts learned about the user, decisions, tasks in progress, and anything the assistant promised or must \
            remember. Keep names, numbers and dates exact. Write only the summary.""";

    private final LlmProviders providers;
    private final MemoryClient memory;

    public Compactor(LlmProviders providers, MemoryClient memory) {
        this.providers = providers;
        this.memory = memory;
    }

    /** The result of a compaction, as {@code POST /summarize} reports it. */
    public record Outcome(String summary, int messagesBefore, int messagesAfter) {
    }

    /** The agent's system prompt alone does not fit its context window. */
    public static final class SystemPromptTooLarge extends RuntimeException {
        SystemPromptTooLarge(int tokens, int window) {
            super("The system prompt alone takes " + tokens + " tokens, more than the context window of " + window, null, false, false);
        }
    }

    static int contextWindow(LoopState s) {
        JsonNode window = s.llmConfig == null ? null : s.llmConfig.get("context_window");
        return window == null ? 128_000 : window.asInt();
    }

    static boolean needed(LoopState s, int estimate) {
        return estimate > TRIGGER * contextWindow(s);
    }

    /** Evicts the oldest messages behind a summary and commits the new window; the state follows. */
    Uni<Outcome> compact(LoopState s) {
        int window = contextWindow(s);
        int systemTokens = TokenCounter.count(s.systemText);
        if (systemTokens > window) {
            return Uni.createFrom().failure(new SystemPromptTooLarge(systemTokens, window));
        }
        List<MessageData> history = new ArrayList<>(s.window.subList(1, s.window.size()));
        if (history.size() < 2) {
            return Uni.createFrom().item(new Outcome("", s.window.size(), s.window.size()));
        }
        int cut = slidingCut(history, systemTokens, (int) (KEEP * window));
        LlmClient client = providers.client(s.actor.organizationId(), s.modelHandle);
        Uni<String> summary = cut > 0 && cut < history.size()
                ? summarise(client, s, history.subList(0, cut))
                : Uni.createFrom().failure(new IllegalStateException("no cut point"));
        return summary
                .map(text -> new Cut(text, cut))
                .onFailure().recoverWithUni(e -> {
                    LOG.infof("sliding-window compaction of %s not possible (%s): summarising all of the history", s.agent.id, e.getMessage());
                    return summarise(client, s, history).map(text -> new Cut(text, history.size()));
                })
                .chain(c -> commit(s, history, c));
    }

    private record Cut(String summary, int at) {
    }

    /**
     * Where the kept part starts: the smallest eviction (from 40% of the messages, 10% more at a time) that starts the
     * kept part at an assistant message and leaves it within {@code goal} tokens. 0 when none does.
     */
    static int slidingCut(List<MessageData> history, int systemTokens, int goal) {
        for (double fraction = 0.4; fraction < 1.0; fraction += 0.1) {
            int cut = (int) Math.ceil(fraction * history.size());
            while (cut < history.size() - 1 && !"assistant".equals(history.get(cut).role())) {
                cut++;
            }
            if (cut >= history.size() - 1) {
                return 0;
            }
            int kept = systemTokens + 500;
            for (MessageData m : history.subList(cut, history.size())) {
                kept += 4 + TokenCounter.count(Recompiler.text(m.content())) + (m.toolCalls() == null ? 0 : TokenCounter.count(m.toolCalls().toString()));
            }
            if (kept <= goal) {
                return cut;
            }
        }
        return 0;
    }

    private Uni<String> summarise(LlmClient client, LoopState s, List<MessageData> evicted) {
        String transcript = transcript(evicted);
        LlmRequest request = LlmRequest.of(List.of(new LlmMessage.System(INSTRUCTIONS), new LlmMessage.User(transcript)))
                .withModel(s.llmConfig == null ? null : s.llmConfig.path("model").asText(null));
        return VertxContexts.onCaller(client.chat(request)).map(r -> {
            String text = r.text() == null ? "" : r.text().trim();
            if (text.isEmpty()) {
                throw new IllegalStateException("the summariser returned nothing");
            }
            return text.length() > CLIP_CHARS ? text.substring(0, CLIP_CHARS) : text;
        });
    }

    static String transcript(List<MessageData> messages) {
        StringBuilder out = new StringBuilder();
        for (MessageData m : messages) {
            String text = Recompiler.text(m.content());
            if (text.length() > 2000) {
                text = text.substring(0, 2000) + " ...";
            }
            out.append(m.role()).append(": ").append(text);
            if (m.toolCalls() != null) {
                for (JsonNode c : m.toolCalls()) {
                    out.append(" [called ").append(c.path("function").path("name").asText()).append(' ')
                            .append(c.path("function").path("arguments").asText()).append(']');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Letta's summary_message with its compaction stats. */
    private static ObjectNode summaryMessage(LoopState s, MessageData stored, String summary, String stepId, int before, int after) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("id", stored.id());
        m.put("date", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(java.time.ZoneOffset.UTC)
                .format(stored.createdAt()));
        m.putNull("name");
        m.put("message_type", "summary_message");
        m.putNull("otid");
        m.putNull("sender_id");
        m.put("step_id", stepId);
        m.putNull("is_err");
        m.putNull("seq_id");
        m.put("run_id", s.runId);
        m.put("summary", summary);
        ObjectNode stats = m.putObject("compaction_stats");
        stats.put("trigger", "post_step_context_check");
        stats.put("context_tokens_before", s.contextTokens);
        stats.put("context_tokens_after", TokenCounter.count(LlmMessages.of(s.systemText, s.window, List.of(), s.memgpt()), List.of()));
        stats.put("context_window", contextWindow(s));
        stats.put("messages_count_before", before);
        stats.put("messages_count_after", after);
        return m;
    }

    private Uni<Outcome> commit(LoopState s, List<MessageData> history, Cut cut) {
        int before = s.window.size();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String packed = "{\"type\": \"system_alert\", \"message\": " + JsonNodeFactory.instance.textNode("Note: " + cut.at()
                + " messages from the beginning of the conversation have been hidden from view due to memory constraints.\n"
                + "The following is a summary of the previous messages:\n " + cut.summary()).toString()
                + ", \"time\": " + JsonNodeFactory.instance.textNode(MemoryPrompt.timestamp(now, s.agent.timezone)).toString() + "}";
        MessageData summary = InitialMessages.message(InitialMessages.newId(), s.agent.id, "user", Recompiler.content(packed), null,
                null, now);
        List<MessageData> window = new ArrayList<>();
        window.add(s.window.getFirst());
        window.add(summary);
        window.addAll(history.subList(cut.at(), history.size()));
        String stepId = "step-" + UUID.randomUUID();
        return memory.context(s.actor, s.agent.id, s.conversationId).chain(ctx -> {
            String compiled = Recompiler.compile(s.agent, s.conversationId, new MemoryRecords.ContextView(ctx.agentId(), ctx.version(),
                    ctx.blocks(), ctx.messages(), ctx.recallCount() + 1, ctx.archivalCount(), ctx.archivalTags()), now);
            MemoryRecords.CommitStep step = new MemoryRecords.CommitStep(stepId, s.runId, List.of(summary),
                    List.of(new MemoryRecords.Rewrite(s.systemId, Recompiler.content(compiled))),
                    window.stream().map(MessageData::id).toList(), s.contextVersion, null, s.conversationId);
            return memory.commit(s.actor, s.agent.id, step).map(result -> {
                s.window = window;
                s.systemText = compiled;
                s.staleSystem = false;
                s.contextVersion = result.contextVersion();
                s.recallCount = ctx.recallCount() + 1;
                s.hidden.add(summary.id());
                if (s.request.compactionMessages() && s.runId != null) {
                    // asked for: the run tells its client that its context was compacted, and with what
                    ObjectNode m = summaryMessage(s, summary, cut.summary(), stepId, before, window.size());
                    s.responseMessages.add(m);
                    s.observer.message(m);
                }
                return new Outcome(cut.summary(), before, window.size());
            });
        });
    }
}
