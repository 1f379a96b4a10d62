package dev.engram.agent.provider;

import java.time.Instant;

/**
 * Letta's Provider. The key is never shown in full: {@code api_key} holds its last four characters behind asterisks,
 * and the encrypted forms Letta can return are null.
 */
public record ProviderView(String id, String name, String providerType, String providerCategory, String apiKey, String baseUrl,
                           String accessKey, String region, String apiVersion, Instant updatedAt, Instant lastSynced, String apiKeyEnc,
                           String accessKeyEnc) {

    static ProviderView of(ProviderEntity p) {
        return new ProviderView(p.id, p.name, p.providerType, "byok", masked(p.apiKey), p.baseUrl, masked(p.accessKey), p.region,
                p.apiVersion, p.updatedAt, p.lastSynced, null, null);
    }

    static String masked(String secret) {
        if (secret == null || secret.isEmpty()) {
            return secret;
        }
        return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
