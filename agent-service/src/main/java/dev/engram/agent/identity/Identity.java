package dev.engram.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Letta's identity: a user, organization or other party of the application built on Engram, named by the
 * application's own key, with properties, and the agents and blocks that belong to it (the join rows). The key is
 * unique within the organization and project.
 */
@Entity
@Table(name = "identities")
public class Identity extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "identifier_key")
    public String identifierKey;
    public String name;
    /** org, user or other. */
    @Column(name = "identity_type")
    public String identityType;
    @Column(name = "project_id")
    public String projectId;
    /** A JSON array of {key, value, type}. */
    @Convert(converter = JsonText.class)
    public JsonNode properties;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;
}
