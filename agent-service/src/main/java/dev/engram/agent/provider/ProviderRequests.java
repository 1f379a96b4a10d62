package dev.engram.agent.provider;

/** The request bodies of the provider routes (Letta's ProviderCreate, ProviderUpdate, ProviderCheck). */
public final class ProviderRequests {

    private ProviderRequests() {
    }

    public record Create(String name, String providerType, String apiKey, String accessKey, String region, String baseUrl,
                         String apiVersion) {
    }

    /** Letta requires the key; the other fields change when given. */
    public record Update(String apiKey, String accessKey, String region, String baseUrl, String apiVersion) {
    }

    public record Check(String providerType, String apiKey, String accessKey, String region, String baseUrl, String apiVersion) {
    }
}
