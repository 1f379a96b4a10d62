package dev.engram.agent.provider;

import dev.engram.agent.llm.ByokProvider;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An LLM provider an organization added with its own key. */
@Entity(name = "Provider")
@Table(name = "providers")
public class ProviderEntity extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String name;
    @Column(name = "provider_type")
    public String providerType;
    @Column(name = "api_key")
    public String apiKey;
    @Column(name = "base_url")
    public String baseUrl;
    @Column(name = "access_key")
    public String accessKey;
    public String region;
    @Column(name = "api_version")
    public String apiVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "last_synced")
    public Instant lastSynced;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;

    ByokProvider spec() {
        return new ByokProvider(id, organizationId, name, providerType, apiKey, baseUrl, updatedAt);
    }
}
