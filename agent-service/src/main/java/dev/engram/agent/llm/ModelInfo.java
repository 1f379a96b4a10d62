package dev.engram.agent.llm;

/**
 * What the server knows about a model.
 *
 * @param providerName     the handle's provider part ({@code openai}, {@code anthropic}, {@code ollama})
 * @param providerType     Letta's provider type, which is also the model endpoint type here
 * @param providerCategory always {@code base}: providers come from the server's environment, not from users' keys
 * @param contextWindow    tokens the model accepts in total (Letta's 128000 when the model is unknown)
 * @param maxOutputTokens  the longest answer the model can give, null when unknown
 * @param endpoint         the provider's base URL
 * @param reasoning        whether it is a reasoning model that rejects sampling parameters such as temperature
 */
public record ModelInfo(String handle, String providerName, String providerType, String providerCategory,
                        String model, String displayName, int contextWindow, Integer maxOutputTokens,
                        String endpoint, boolean reasoning) {
}
