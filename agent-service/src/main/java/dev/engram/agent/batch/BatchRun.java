package dev.engram.agent.batch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** One run of a batch: the agent it went to and its place in the request. */
@Entity
@Table(name = "batch_runs")
@IdClass(BatchRun.Key.class)
public class BatchRun extends PanacheEntityBase {

    @Id
    @Column(name = "batch_id")
    public String batchId;
    @Id
    @Column(name = "run_id")
    public String runId;
    @Column(name = "agent_id")
    public String agentId;
    public int position;

    public record Key(String batchId, String runId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
