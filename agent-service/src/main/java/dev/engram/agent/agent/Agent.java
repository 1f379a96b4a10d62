package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An agent's configuration as stored; its memory lives in memory-service. */
@Entity
@Table(name = "agents")
public class Agent extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "organization_id")
    public String organizationId;
    public String name;
    @Column(name = "agent_type")
    public String agentType;
    public String system;
    public String description;
    @Convert(converter = JsonText.class)
    public JsonNode metadata;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags = new ArrayList<>();
    public String model;
    public String embedding;
    @Column(name = "llm_config")
    @Convert(converter = JsonText.class)
    public JsonNode llmConfig;
    @Column(name = "embedding_config")
    @Convert(converter = JsonText.class)
    public JsonNode embeddingConfig;
    @Column(name = "model_settings")
    @Convert(converter = JsonText.class)
    public JsonNode modelSettings;
    @Column(name = "compaction_settings")
    @Convert(converter = JsonText.class)
    public JsonNode compactionSettings;
    @Column(name = "tool_rules")
    @Convert(converter = JsonText.class)
    public JsonNode toolRules;
    @Column(name = "response_format")
    @Convert(converter = JsonText.class)
    public JsonNode responseFormat;
    @Convert(converter = JsonText.class)
    public JsonNode secrets;
    @Column(name = "context_window_limit")
    public Integer contextWindowLimit;
    public String timezone;
    @Column(name = "message_buffer_autoclear")
    public boolean messageBufferAutoclear;
    @Column(name = "enable_sleeptime")
    public Boolean enableSleeptime;
    public Boolean hidden;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "template_id")
    public String templateId;
    @Column(name = "base_template_id")
    public String baseTemplateId;
    @Column(name = "max_files_open")
    public Integer maxFilesOpen;
    @Column(name = "per_file_view_window_char_limit")
    public Integer perFileViewWindowCharLimit;
    /** The rendered {@code <directories>} section (folders and files), or null without folders; see folder.Directories. */
    public String directories;
    @Column(name = "last_run_completion")
    public Instant lastRunCompletion;
    @Column(name = "last_run_duration_ms")
    public Long lastRunDurationMs;
    @Column(name = "last_stop_reason")
    public String lastStopReason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "created_by_id")
    public String createdById;
    @Column(name = "last_updated_by_id")
    public String lastUpdatedById;

    /**
     * The agent's tool environment: its secrets ({@code tool_exec_environment_variables} is the older name), given as
     * Letta takes them ({@code {"KEY": "value"}}) or as it shows them ({@code [{"key": ..., "value": ...}]}).
     */
    public java.util.Map<String, String> environment() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        if (secrets == null || secrets.isNull()) {
            return env;
        }
        if (secrets.isObject()) {
            secrets.properties().forEach(e -> env.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } else if (secrets.isArray()) {
            secrets.forEach(v -> {
                if (v.hasNonNull("key")) {
                    env.put(v.get("key").asText(), v.path("value").asText(""));
                }
            });
        }
        return env;
    }
}
