package dev.engram.memory.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.memory.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One stored message of an agent (recall memory). */
@Entity
@Table(name = "messages")
public class Message extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    /** Global insertion order, assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    public String role;
    @Convert(converter = JsonText.class)
    public JsonNode content;
    public String text;
    public String name;
    @Column(name = "tool_calls")
    @Convert(converter = JsonText.class)
    public JsonNode toolCalls;
    @Column(name = "tool_call_id")
    public String toolCallId;
    @Column(name = "tool_returns")
    @Convert(converter = JsonText.class)
    public JsonNode toolReturns;
    @Convert(converter = JsonText.class)
    public JsonNode approvals;
    public String model;
    public String otid;
    @Column(name = "sender_id")
    public String senderId;
    @Column(name = "group_id")
    public String groupId;
    @Column(name = "step_id")
    public String stepId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "is_err")
    public Boolean isErr;
    /** The conversation the message was written in; null for the agent's default thread. */
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "created_at")
    public Instant createdAt;
}
