package dev.engram.agent.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.FinishReason;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.llm.LlmRequest;
import dev.engram.agent.llm.LlmResponse;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.memory.MemoryRecords.MessageData;
import dev.engram.agent.memory.MemoryUnavailable;
import dev.engram.agent.llm.OpenAiPayload;
import dev.engram.agent.run.ProviderTraces;
import dev.engram.agent.run.RunService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One step: compact if the window is nearly full, call the LLM, run the tools it called, then commit everything the
 * step produced (messages, rewritten system message, new window) in one memory-service call keyed by the step id.
 * A step that fails before its commit leaves nothing behind.
 */
@ApplicationScoped
public class StepRunner {

    static final String HEARTBEAT_OK = "[This is an automated system message hidden from the user] Function called using "
            + "request_heartbeat=true, returning control";
    static final String HEARTBEAT_FAILED = "[This is an automated system message hidden from the user] Function call failed, "
            + "returning control";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final LlmProviders providers;
    private final MemoryClient memory;
    private final ToolExecutor executor;
    private final Compactor compactor;
    private final RunService runs;
    private final Duration outagePatience;
    private final dev.engram.agent.folder.Directories directories;
    private final ProviderTraces traces;

    public StepRunner(LlmProviders providers, MemoryClient memory, ToolExecutor executor, Compactor compactor, RunService runs,
                      @ConfigProperty(name = "engram.runs.memory-outage-patience", defaultValue = "60s") Duration outagePatience,
                      dev.engram.agent.folder.Directories directories, ProviderTraces traces) {
        this.directories = directories;
        this.traces = traces;
        this.providers = providers;
        this.memory = memory;
        this.executor = executor;
        this.compactor = compactor;
        this.runs = runs;
        this.outagePatience = outagePatience;
    }

    /**
     * Once a step's plan is stored, a memory-service outage is waited out (up to {@code outagePatience}) rather than
     * failing the run half-way: the tool calls and the commit carry idempotency keys, so trying them again applies
     * each once. Before the plan, an outage fails the step, which has written nothing.
     */
    private <T> Uni<T> throughOutage(Supplier<Uni<? extends T>> memoryWork) {
        // deferred: every attempt makes its call afresh rather than re-reading a failed one
        return Uni.createFrom().<T>deferred(memoryWork).onFailure(StepRunner::memoryDown).retry()
                .withBackOff(Duration.ofMillis(250), Duration.ofSeconds(2)).expireIn(outagePatience.toMillis());
    }

    static boolean memoryDown(Throwable e) {
        return e instanceof MemoryUnavailable || e instanceof CircuitBreakerOpenException;
    }

    /** Runs one step; answers whether the loop goes on (the state's stop reason says why not). */
    Uni<Boolean> step(LoopState s, boolean last) {
        String stepId = "step-" + UUID.randomUUID();
        String assistantId = InitialMessages.newId();
        String approvalId = InitialMessages.newId();
        Instant started = Instant.now();
        s.clock = new StepClock();
        boolean memgpt = s.memgpt();
        ToolOffer offer = ToolOffer.of(s);
        boolean tokens = s.observer.tokens() && !memgpt;
        return compactIfNeeded(s, offer.specs())
                .chain(() -> call(s, stepId, offer, memgpt, 0, tokens ? new TokenStream(s, stepId, assistantId, approvalId, offer::gated) : null))
                .chain(response -> {
                    s.addUsage(response.usage());
                    s.steps++;
                    if (response.finishReason() == FinishReason.LENGTH) {
                        s.stopReason = "max_tokens_exceeded";
                        return runs.recordStep(info(s, response), stepId, started, "failed", null).replaceWith(false);
                    }
                    if (memgpt && response.toolCalls().isEmpty()) {
                        s.stopReason = "no_tool_call";
                        return runs.recordStep(info(s, response), stepId, started, "failed", null).replaceWith(false);
                    }
                    Supplier<Uni<Void>> record = () -> runs.recordStep(info(s, response), stepId, started, "success", null);
                    List<ToolCall> gated = response.toolCalls().stream().filter(c -> offer.gated(c.name()) && offer.allows(c.name())).toList();
                    if (!gated.isEmpty()) {
                        return pause(s, stepId, assistantId, approvalId, response, gated, offer, tokens, record);
                    }
                    MessageData assistant = assistant(s, assistantId, response, response.toolCalls(), stepId, memgpt);
                    StepPlan plan = new StepPlan(assistant, s.pendingInputs, response.usage());
                    if (response.toolCalls().isEmpty()) {
                        List<String> uncalled = s.rules.uncalledRequired(offer.available(), s.turnTools);
                        if (!uncalled.isEmpty() && !last) {
                            return remind(s, stepId, assistant, uncalled, tokens, record);
                        }
                        // no tool to replay: a run that dies before this commit asks the model again, so no plan is kept
                        return execute(s, stepId, plan, last, tokens, record, offer);
                    }
                    // the plan is durable before any tool runs: a resumed run executes these very calls again
                    return runs.planStep(info(s, response), stepId, started, plan.toJson())
                            .chain(() -> execute(s, stepId, plan, last, tokens, () -> runs.completeStep(stepId, s.stopReason, s.clock.times()), offer));
                })
                .onFailure(LlmException.class).call(e -> {
                    String reason = ((LlmException) e).stopReason();
                    s.stopReason = reason == null ? "llm_api_error" : reason;
                    return runs.recordStep(info(s, null), stepId, started, "failed", e);
                });
    }

    /**
     * The model called tools that wait for an answer from outside (client tools, tools that require approval): the
     * step commits the answer as it is, the waiting calls in a request for approval and the others held back with it
     * (a call the rules refuse gets its error now), and the run stops with {@code requires_approval}. Nothing runs
     * yet, so no plan is kept.
     */
    private Uni<Boolean> pause(LoopState s, String stepId, String assistantId, String approvalId, LlmResponse response,
                               List<ToolCall> gated, ToolOffer offer, boolean streamed, Supplier<Uni<Void>> recorded) {
        boolean memgpt = s.memgpt();
        List<ToolCall> rest = response.toolCalls().stream().filter(c -> !gated.contains(c)).toList();
        List<MessageData> produced = new ArrayList<>();
        // what the model said (and the calls that need no approval) stays the assistant message, under the id it streamed with
        MessageData assistant = assistant(s, assistantId, response, rest, stepId, memgpt);
        if (!rest.isEmpty() || !assistant.content().isEmpty()) {
            produced.add(assistant);
        }
        MessageData request = assistant(s, approvalId, response, gated, stepId, memgpt);
        produced.add(new MessageData(approvalId, s.agent.id, "approval", JSON.arrayNode(), null, request.toolCalls(), gated.getFirst().id(),
                null, null, request.model(), approvalId, null, null, stepId, s.runId, null, request.createdAt(), null, null));
        for (ToolCall c : rest) {
            if (!offer.allows(c.name())) {
                String error = s.rules.violation(c.name(), offer.allowedNames(), s.turnTools.isEmpty() ? null : s.turnTools.getLast());
                produced.add(ToolExecutor.resultMessage(s, c, stepId, false, JSON.textNode(error), null, JSON.arrayNode().add(error)));
            }
        }
        s.stopReason = "requires_approval";
        return commit(s, stepId, produced, false, streamed, recorded).replaceWith(false);
    }

    /** A letta_v1 reply before every required tool was called: the turn goes on with a reminder. */
    private Uni<Boolean> remind(LoopState s, String stepId, MessageData assistant, List<String> uncalled, boolean streamed,
                                Supplier<Uni<Void>> recorded) {
        MessageData reminder = heartbeat(s, stepId, "[This is an automated system message hidden from the user] ToolRuleViolated: "
                + "You must call " + String.join(", ", uncalled) + " at least once to exit the loop.");
        s.hidden.add(reminder.id());
        return commit(s, stepId, List.of(assistant, reminder), false, streamed, recorded).replaceWith(true);
    }

    /**
     * Answers waiting calls (an approval answer): no LLM call; the stored answer, the results it gives (denials, client
     * tools' results) and the approved calls' results commit together, with the messages sent beside the answer. The
     * plan is durable before any approved call runs, so a crash never answers a call twice.
     */
    Uni<Boolean> answer(LoopState s, MessageData response, List<MessageData> given, List<ToolCall> approved, List<MessageData> followUps) {
        String stepId = response.stepId();
        s.hidden.add(response.id());
        // a client tool that answered ran, as far as the rules are concerned; a denied call did not
        given.stream().filter(m -> !Recompiler.text(m.content()).contains(Approvals.DENIED)).forEach(m -> {
            s.turnTools.add(m.name());
            s.lastToolOutput = Approvals.message(m);
        });
        followUps.forEach(m -> s.hidden.add(m.id()));
        List<MessageData> inputs = new ArrayList<>(List.of(response));
        inputs.addAll(given);
        StepPlan plan = StepPlan.answering(inputs, approved, followUps);
        s.clock = new StepClock();
        StepInfo info = new StepInfo(s.actor.organizationId(), s.agent.id, s.runId, provider(s), category(s), model(s), s.modelHandle,
                endpoint(s), Compactor.contextWindow(s), 0, 0, null, null, null, List.of(), s.clock.times());
        return runs.planStep(info, stepId, Instant.now(), plan.toJson())
                .chain(() -> execute(s, stepId, plan, false, false, () -> runs.completeStep(stepId, s.stopReason, s.clock.times()), null));
    }

    /** Finishes a step whose plan was stored before its replica died: the same tool calls, the same commit. */
    Uni<Boolean> resume(LoopState s, String stepId, StepPlan plan, boolean last) {
        s.clock = new StepClock();
        plan.inputs().forEach(m -> s.hidden.add(m.id()));
        if (plan.answers()) {
            plan.followUps().forEach(m -> s.hidden.add(m.id()));
            return execute(s, stepId, plan, false, false, () -> runs.completeStep(stepId, s.stopReason, s.clock.times()), null);
        }
        s.pendingInputs = new ArrayList<>(plan.inputs());
        s.addUsage(plan.usage());
        s.steps++;
        return execute(s, stepId, plan, last, false, () -> runs.completeStep(stepId, s.stopReason, s.clock.times()), ToolOffer.of(s));
    }

    /**
     * Runs the plan's tool calls and commits the step; {@code recorded} then writes the step's own record, which the run
     * awaits when it closes (see {@link LoopState#recorded}) rather than before its next step. {@code offer} is what the
     * step offered the model (null for an approval answer, whose calls were checked when they were made).
     */
    private Uni<Boolean> execute(LoopState s, String stepId, StepPlan plan, boolean last, boolean streamed,
                                 Supplier<Uni<Void>> recorded, ToolOffer offer) {
        boolean memgpt = s.memgpt();
        List<ToolCall> calls = plan.toolCalls();
        List<MessageData> produced = new ArrayList<>(plan.answers() ? plan.inputs() : List.of(plan.assistant()));
        if (calls.isEmpty() && !plan.answers()) {
            s.stopReason = "end_turn";
            return commit(s, stepId, produced, false, streamed, recorded).replaceWith(false);
        }
        return runTools(s, calls, stepId, offer, 0, new ArrayList<>()).chain(results -> {
            for (int i = 0; i < results.size(); i++) {
                ToolExecutor.Result r = results.get(i);
                produced.add(r.message());
                if (r.executed()) {
                    s.turnTools.add(calls.get(i).name());
                    s.lastToolOutput = r.output();
                }
            }
            if (plan.answers()) {
                produced.addAll(plan.followUps());
            }
            boolean changed = results.stream().anyMatch(ToolExecutor.Result::changedMemory);
            boolean invalid = results.stream().anyMatch(ToolExecutor.Result::invalid);
            boolean terminal = results.stream().anyMatch(ToolExecutor.Result::terminal);
            ToolExecutor.Result lastCall = results.isEmpty() ? null : results.getLast();
            String lastName = calls.isEmpty() ? null : calls.getLast().name();
            boolean cont;
            String beat = lastCall == null || lastCall.ok() ? HEARTBEAT_OK : HEARTBEAT_FAILED;
            if (plan.answers()) {
                List<MessageData> after = new ArrayList<>(s.window);
                after.addAll(produced);
                boolean waiting = Approvals.pending(after).any();
                cont = !terminal && !waiting;
                s.stopReason = terminal ? "tool_rule" : waiting ? "requires_approval" : null;
            } else if (invalid) {
                s.stopReason = "invalid_tool_call";
                cont = false;
            } else if (memgpt) {
                List<String> uncalled = s.rules.uncalledRequired(offer == null ? List.of() : offer.available(), s.turnTools);
                boolean byRule = s.rules.continues(lastName) || s.rules.leadsOn(lastName) || !uncalled.isEmpty();
                cont = !terminal && (lastCall.heartbeat() || byRule);
                if (!lastCall.heartbeat() && byRule) {
                    beat = !uncalled.isEmpty() ? "[This is an automated system message hidden from the user] Continuing, user expects these "
                            + "tools: [" + String.join(", ", uncalled) + "] to be called still."
                            : s.rules.continues(lastName) ? "[This is an automated system message hidden from the user] Continuing: continue tool rule."
                            : "[This is an automated system message hidden from the user] Continuing: child tool rule.";
                }
                s.stopReason = terminal ? (lastCall.heartbeat() ? "tool_rule" : "end_turn") : cont ? null : "end_turn";
            } else {
                cont = !terminal;
                s.stopReason = terminal ? "tool_rule" : null;
            }
            if (cont && last) {
                cont = false;
                s.stopReason = "max_steps";
            }
            if (cont && memgpt) {
                MessageData heartbeat = heartbeat(s, stepId, beat);
                s.hidden.add(heartbeat.id());
                produced.add(heartbeat);
            }
            boolean go = cont;
            return commit(s, stepId, produced, changed, streamed, recorded).replaceWith(go);
        });
    }

    private static String provider(LoopState s) {
        return s.modelHandle.substring(0, s.modelHandle.indexOf('/'));
    }

    /** base for the deployment's providers, byok for the organization's own (as the run's LLM configuration says). */
    private static String category(LoopState s) {
        return s.llmConfig == null ? "base" : s.llmConfig.path("provider_category").asText("base");
    }

    private static String endpoint(LoopState s) {
        JsonNode config = s.llmConfig;
        return config == null ? null : config.path("model_endpoint").asText(null);
    }

    private static StepInfo info(LoopState s, LlmResponse r) {
        var usage = r == null ? null : r.usage();
        return new StepInfo(s.actor.organizationId(), s.agent.id, s.runId, provider(s), category(s),
                r != null && r.model() != null ? r.model() : model(s), s.modelHandle, endpoint(s), Compactor.contextWindow(s),
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
                usage == null ? null : usage.cachedInputTokens(), usage == null ? null : usage.reasoningTokens(), s.stopReason,
                r == null ? List.of() : r.toolCalls().stream().map(ToolCall::name).toList(), s.clock.times());
    }

    private Uni<Void> compactIfNeeded(LoopState s, List<ToolSpec> specs) {
        int estimate = Math.max(TokenCounter.count(LlmMessages.of(s.requestSystem(), s.window, s.pendingInputs, s.memgpt()), specs),
                s.lastPromptTokens);
        s.contextTokens = estimate;
        return Compactor.needed(s, estimate) ? compactor.compact(s).replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /** What the step sends the model: the window as a conversation, with what the step offers. */
    static LlmRequest request(LoopState s, ToolOffer offer) {
        List<LlmMessage> messages = LlmMessages.of(s.requestSystem(), s.window, s.pendingInputs, s.memgpt());
        JsonNode config = s.llmConfig;
        return new LlmRequest(model(s), messages, offer.specs(), offer.choice(),
                config != null && config.hasNonNull("temperature") ? config.get("temperature").asDouble() : null,
                config != null && config.hasNonNull("max_tokens") ? config.get("max_tokens").asInt() : null,
                offer.parallel());
    }

    private Uni<LlmResponse> call(LoopState s, String stepId, ToolOffer offer, boolean memgpt, int attempt, TokenStream stream) {
        LlmRequest request = request(s, offer);
        Uni<LlmResponse> answer = s.clock.llm(() -> stream == null ? providers.client(s.actor.organizationId(), s.modelHandle).chat(request)
                : stream.consume(providers.client(s.actor.organizationId(), s.modelHandle).stream(request)));
        return VertxContexts.onCaller(answer)
                .invoke(r -> trace(s, stepId, request, OpenAiPayload.of(r)))
                .onFailure(LlmException.class).invoke(e -> trace(s, stepId, request, OpenAiPayload.of((LlmException) e)))
                .onFailure(e -> e instanceof LlmException l && l.kind() == LlmException.Kind.CONTEXT_WINDOW_EXCEEDED && attempt < 3)
                .recoverWithUni(e -> compactor.compact(s).chain(() -> call(s, stepId, offer, memgpt, attempt + 1, stream)));
    }

    /** Keeps what the step sent and what came back (the run waits for the write as it closes, the step does not). */
    private void trace(LoopState s, String stepId, LlmRequest request, JsonNode response) {
        if (traces.enabled()) {
            s.recording(traces.record(new ProviderTraces.Origin(s.actor.organizationId(), s.agent.id, s.agent.tags, s.runId,
                    s.actor.userId()), stepId, OpenAiPayload.of(request), response, s.llmConfig));
        }
    }

    private static String model(LoopState s) {
        int slash = s.modelHandle.indexOf('/');
        return s.modelHandle.substring(slash + 1);
    }

    private Uni<List<ToolExecutor.Result>> runTools(LoopState s, List<ToolCall> calls, String stepId, ToolOffer offer, int i,
                                                    List<ToolExecutor.Result> done) {
        if (i >= calls.size()) {
            return Uni.createFrom().item(done);
        }
        return s.clock.tool(() -> this.<ToolExecutor.Result>throughOutage(() -> executor.run(s, calls.get(i), stepId, offer))).chain(r -> {
            done.add(r);
            return runTools(s, calls, stepId, offer, i + 1, done);
        });
    }

    /** Writes the step: pending input, produced messages, the system message if memory changed, the new window. */
    private Uni<Void> commit(LoopState s, String stepId, List<MessageData> produced, boolean memoryChanged, boolean streamed,
                             Supplier<Uni<Void>> recorded) {
        List<MessageData> messages = new ArrayList<>(s.pendingInputs);
        messages.addAll(produced);
        if (s.groupId != null) {
            messages.replaceAll(m -> inGroup(m, s.groupId));
        }
        List<MessageData> window = new ArrayList<>(s.window);
        window.addAll(messages);
        // each is retried alone: recompiled() changes the state only once it has succeeded
        Uni<List<MemoryRecords.Rewrite>> rewrites = memoryChanged ? throughOutage(() -> recompiled(s, messages.size()))
                : s.staleSystem ? Uni.createFrom().item(List.of(new MemoryRecords.Rewrite(s.systemId, Recompiler.content(s.systemText))))
                : Uni.createFrom().item(List.of());
        return rewrites.chain(rw -> {
            MemoryRecords.CommitStep step = new MemoryRecords.CommitStep(stepId, s.runId, messages, rw,
                    window.stream().map(MessageData::id).toList(), s.contextVersion, view(s), s.conversationId);
            return throughOutage(() -> memory.commit(s.actor, s.agent.id, step)).invoke(result -> {
                s.staleSystem = false;
                s.window = window;
                s.contextVersion = result.contextVersion();
                s.pendingInputs = new ArrayList<>();
                s.recallCount += messages.size();
                if (result.messages() != null) {
                    for (ObjectNode m : result.messages()) {
                        if (s.hidden.contains(m.path("id").asText())) {
                            continue;
                        }
                        s.responseMessages.add(m);
                        // with token streaming the model's own messages already went out as deltas
                        if (!streamed || "tool_return_message".equals(m.path("message_type").asText())) {
                            s.observer.message(m);
                        }
                    }
                }
            });
        }).invoke(() -> s.recording(recorded.get())).replaceWithVoid();
    }

    /** The message as written in the run's group (a message that names a group already keeps it). */
    private static MessageData inGroup(MessageData m, String groupId) {
        return m.groupId() != null ? m : new MessageData(m.id(), m.agentId(), m.role(), m.content(), m.name(), m.toolCalls(), m.toolCallId(),
                m.toolReturns(), m.approvals(), m.model(), m.otid(), m.senderId(), groupId, m.stepId(), m.runId(), m.isErr(), m.createdAt(),
                m.seq(), m.conversationId());
    }

    /** The system message recompiled from memory as it is now (the tools of this step changed it). */
    private Uni<List<MemoryRecords.Rewrite>> recompiled(LoopState s, int newMessages) {
        // file tools change the agent's open files, shown in its <directories> section
        return directories.refresh(s.agent).chain(() -> memory.context(s.actor, s.agent.id, s.conversationId)).map(ctx -> {
            MemoryRecords.ContextView now = new MemoryRecords.ContextView(ctx.agentId(), ctx.version(), ctx.blocks(), ctx.messages(),
                    ctx.recallCount() + newMessages, ctx.archivalCount(), ctx.archivalTags());
            if (!s.staleSystem && !Recompiler.stale(s.agent, now, s.systemText) && ctx.archivalCount() == s.archivalCount) {
                return List.of();
            }
            s.systemText = Recompiler.compile(s.agent, s.conversationId, now, Instant.now());
            s.archivalCount = ctx.archivalCount();
            s.archivalTags = ctx.archivalTags();
            return List.of(new MemoryRecords.Rewrite(s.systemId, Recompiler.content(s.systemText)));
        });
    }

    private static MemoryRecords.ViewOptions view(LoopState s) {
        List<String> types = s.request.includeReturnMessageTypes();
        return new MemoryRecords.ViewOptions(s.request.assistantMessage(), s.request.assistantTool(), s.request.assistantKwarg(),
                !s.memgpt(), false, types == null ? null : new HashSet<>(types));
    }

    /** The model's answer as a stored message, with these of its calls. */
    private static MessageData assistant(LoopState s, String id, LlmResponse r, List<ToolCall> keep, String stepId, boolean memgpt) {
        ArrayNode content = JSON.arrayNode();
        if (r.reasoning() != null && !r.reasoning().isEmpty()) {
            content.addObject().put("type", "reasoning").put("reasoning", r.reasoning()).put("is_native", true).putNull("signature");
        }
        ArrayNode calls = JSON.arrayNode();
        String thinking = null;
        for (ToolCall c : keep) {
            String args = c.arguments();
            if (memgpt) {
                ObjectNode parsed = object(args);
                if (parsed != null) {
                    JsonNode t = parsed.remove(LlmMessages.THINKING);
                    if (t != null && thinking == null) {
                        thinking = t.asText();
                    }
                    args = parsed.toString();
                }
            }
            ObjectNode call = calls.addObject();
            call.put("id", c.id());
            call.put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", args);
        }
        String text = memgpt ? thinking : r.text();
        if (memgpt && r.text() != null && !r.text().isBlank()) {
            text = thinking == null ? r.text() : r.text() + "\n" + thinking;
        }
        if (text != null && !text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        return new MessageData(id, s.agent.id, "assistant", content, null, calls.isEmpty() ? null : calls, null,
                null, null, r.model(), null, null, null, stepId, s.runId, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null);
    }

    private static MessageData heartbeat(LoopState s, String stepId, String reason) {
        String text = "{\"type\": \"heartbeat\", \"reason\": " + JSON.textNode(reason) + ", \"time\": "
                + JSON.textNode(MemoryPrompt.timestamp(Instant.now(), s.agent.timezone)) + "}";
        return new MessageData(InitialMessages.newId(), s.agent.id, "user", Recompiler.content(text), null, null, null, null, null, null,
                null, null, null, stepId, s.runId, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null);
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode n = JsonText.MAPPER.readTree(json);
            return n.isObject() ? (ObjectNode) n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

}
