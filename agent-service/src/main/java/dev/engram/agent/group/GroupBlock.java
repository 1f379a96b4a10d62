package dev.engram.agent.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A block a group shares with its agents. */
@Entity
@Table(name = "agent_group_blocks")
@IdClass(GroupBlock.Key.class)
public class GroupBlock extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;
    @Id
    @Column(name = "block_id")
    public String blockId;
    @Column(name = "created_at")
    public Instant createdAt;

    static GroupBlock of(String groupId, String blockId, Instant at) {
        GroupBlock b = new GroupBlock();
        b.groupId = groupId;
        b.blockId = blockId;
        b.createdAt = at;
        return b;
    }

    public record Key(String groupId, String blockId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
