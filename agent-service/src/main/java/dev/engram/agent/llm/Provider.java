package dev.engram.agent.llm;

import io.smallrye.mutiny.Uni;

import java.util.List;

/** One LLM provider: the first part of a handle ({@code openai/...}). */
interface Provider {

    /**
     * What a provider is called and where it comes from: the deployment's own ({@code openai}, category {@code base}) or
     * one an organization added with its own key (its name, category {@code byok}).
     */
    record Label(String name, String category) {
        static Label base(String name) {
            return new Label(name, "base");
        }
    }

    String name();

    /** Whether this deployment has what the provider needs (a key, a URL). */
    boolean configured();

    /** The environment variable(s) that configure it, for the 400 a handle of an unconfigured provider gets. */
    String setupHint();

    LlmClient client(String model);

    ModelInfo info(String model);

    /** The models the provider offers now; may fail (the caller skips the provider then). */
    Uni<List<ModelInfo>> listModels();
}
