package dev.engram.agent.agent;

import dev.engram.agent.message.LettaResponse;

/** Letta's GenerateResponse: the answer, the model that gave it (llm_config's model name) and the call's usage. */
public record GenerateResponse(String content, String model, LettaResponse.Usage usage) {
}
