package dev.engram.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One message request to an agent and how it ended. */
@Entity
@Table(name = "runs")
public class Run extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    /** The conversation the run belongs to; null for the agent's own thread. */
    @Column(name = "conversation_id")
    public String conversationId;
    public String status;
    @Column(name = "stop_reason")
    public String stopReason;
    public boolean background;
    @Convert(converter = JsonText.class)
    public JsonNode metadata;
    @Column(name = "request_config")
    @Convert(converter = JsonText.class)
    public JsonNode requestConfig;
    @Convert(converter = JsonText.class)
    public JsonNode request;
    @Column(name = "actor_id")
    public String actorId;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "callback_url")
    public String callbackUrl;
    @Column(name = "callback_sent_at")
    public Instant callbackSentAt;
    @Column(name = "callback_status_code")
    public Integer callbackStatusCode;
    @Column(name = "callback_error")
    public String callbackError;
    @Column(name = "ttft_ns")
    public Long ttftNs;
    @Column(name = "total_duration_ns")
    public Long totalDurationNs;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    /** Set when a stopping replica gave the run's turn back at a step boundary, until another replica takes it over. */
    @Column(name = "handed_over_at")
    public Instant handedOverAt;

    /**
     * What the run queues on: one step at a time per thread, so the agent's own thread and each of its conversations
     * have a queue of their own.
     */
    public String queueKey() {
        return conversationId != null ? conversationId : agentId;
    }
}
