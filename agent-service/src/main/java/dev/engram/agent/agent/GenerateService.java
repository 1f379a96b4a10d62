package dev.engram.agent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.llm.LlmClient;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.llm.LlmMessage;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.llm.LlmRequest;
import dev.engram.agent.llm.LlmResponse;
import dev.engram.agent.llm.LlmUsage;
import dev.engram.agent.llm.ToolCall;
import dev.engram.agent.llm.ToolChoice;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.message.LettaResponse;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * {@code POST /v1/agents/{id}/generate}: one direct call of the agent's model (or of {@code override_model}), with a
 * system prompt and the user's prompt only. No memory, no tools of the agent, nothing stored, no run.
 */
@ApplicationScoped
public class GenerateService {

    static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant.";

    private final AgentService agents;
    private final ModelConfigs models;
    private final LlmProviders providers;

    public GenerateService(AgentService agents, ModelConfigs models, LlmProviders providers) {
        this.agents = agents;
        this.models = models;
        this.providers = providers;
    }

    public Uni<GenerateResponse> generate(Actor actor, String agentId, GenerateRequest r) {
        ToolSpec structured = r.responseSchema() == null ? null : StructuredOutput.tool(r.responseSchema());
        return agents.require(actor, agentId).chain(agent -> {
            String handle = r.overrideModel() != null ? r.overrideModel() : agent.model;
            // A malformed handle or one whose provider is not configured is the 400 every Engram route answers for it
            // (naming the variable to set), where Letta says 404 "Model '<handle>' not found or not accessible".
            JsonNode config = r.overrideModel() != null || agent.llmConfig == null ? models.llmConfig(actor.organizationId(), handle, null, null, null)
                    : agent.llmConfig;
            LlmClient client = providers.client(actor.organizationId(), handle);
            List<LlmMessage> messages = List.of(new LlmMessage.System(r.systemPrompt() != null ? r.systemPrompt() : DEFAULT_SYSTEM_PROMPT),
                    new LlmMessage.User(r.prompt()));
            LlmRequest request = new LlmRequest(null, messages, structured == null ? List.of() : List.of(structured),
                    structured == null ? ToolChoice.AUTO : ToolChoice.tool(StructuredOutput.TOOL),
                    config.hasNonNull("temperature") ? config.get("temperature").asDouble() : null,
                    config.hasNonNull("max_tokens") ? config.get("max_tokens").asInt() : null,
                    structured == null ? null : false);
            return client.chat(request)
                    .onFailure(LlmException.class).transform(e -> new ApiException(502, "LLM provider error: " + e.getMessage()))
                    .map(response -> new GenerateResponse(content(response, structured != null), config.path("model").asText(),
                            usage(response.usage())));
        });
    }

    /** The text, or with a schema the arguments of the structured_output call, which must be a JSON object. */
    private static String content(LlmResponse response, boolean structured) {
        if (!structured) {
            return response.text() == null ? "" : response.text();
        }
        ToolCall call = response.toolCalls().stream().filter(c -> StructuredOutput.TOOL.equals(c.name())).findFirst()
                .orElseThrow(() -> unprocessed("the model did not call " + StructuredOutput.TOOL));
        try {
            if (!JsonText.MAPPER.readTree(call.arguments()).isObject()) {
                throw unprocessed("the arguments of " + StructuredOutput.TOOL + " are not a JSON object: " + call.arguments());
            }
        } catch (JsonProcessingException e) {
            throw unprocessed("the arguments of " + StructuredOutput.TOOL + " are not valid JSON: " + call.arguments());
        }
        return call.arguments();
    }

    private static ApiException unprocessed(String why) {
        return new ApiException(502, "Failed to process LLM response: " + why);
    }

    private static LettaResponse.Usage usage(LlmUsage u) {
        return u == null ? new LettaResponse.Usage("usage_statistics", 0, 0, 0, 1, null, null, null, null, null)
                : new LettaResponse.Usage("usage_statistics", u.completionTokens(), u.promptTokens(), u.totalTokens(), 1, null,
                        u.cachedInputTokens(), null, u.reasoningTokens(), null);
    }
}
