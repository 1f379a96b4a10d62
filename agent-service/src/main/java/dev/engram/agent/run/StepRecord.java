package dev.engram.agent.run;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One step of a run: the LLM call it made, its token usage and how it ended. */
@Entity
@Table(name = "steps")
public class StepRecord extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "agent_id")
    public String agentId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "provider_name")
    public String providerName;
    @Column(name = "provider_category")
    public String providerCategory;
    public String model;
    @Column(name = "model_handle")
    public String modelHandle;
    @Column(name = "model_endpoint")
    public String modelEndpoint;
    @Column(name = "context_window_limit")
    public Integer contextWindowLimit;
    @Column(name = "prompt_tokens")
    public int promptTokens;
    @Column(name = "completion_tokens")
    public int completionTokens;
    @Column(name = "total_tokens")
    public int totalTokens;
    @Column(name = "cached_input_tokens")
    public Integer cachedInputTokens;
    @Column(name = "reasoning_tokens")
    public Integer reasoningTokens;
    @Column(name = "stop_reason")
    public String stopReason;
    public String status;
    @Column(name = "error_type")
    public String errorType;
    @Column(name = "error_data")
    public String errorData;
    /** The step in flight (JSON), kept until the step is committed. */
    @jakarta.persistence.Convert(converter = dev.engram.agent.json.JsonText.class)
    public com.fasterxml.jackson.databind.JsonNode plan;
    /** Letta's feedback on the step: positive, negative or none. */
    public String feedback;
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    public java.util.List<String> tags = new java.util.ArrayList<>();
    /** The names of the tools the step's model called, in call order. */
    @Column(name = "tool_names")
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    public java.util.List<String> toolNames = new java.util.ArrayList<>();
    /** Letta's step metrics: the step's and its LLM request's start (ns since the epoch), and lengths in ns. */
    @Column(name = "step_start_ns")
    public Long stepStartNs;
    @Column(name = "llm_request_start_ns")
    public Long llmRequestStartNs;
    @Column(name = "llm_request_ns")
    public Long llmRequestNs;
    @Column(name = "tool_execution_ns")
    public Long toolExecutionNs;
    @Column(name = "step_ns")
    public Long stepNs;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
