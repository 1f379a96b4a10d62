package dev.engram.agent.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** An agent of a group, at its place in the group's order. */
@Entity
@Table(name = "agent_group_members")
@IdClass(GroupMember.Key.class)
public class GroupMember extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;
    @Id
    @Column(name = "agent_id")
    public String agentId;
    public int position;

    static GroupMember of(String groupId, String agentId, int position) {
        GroupMember m = new GroupMember();
        m.groupId = groupId;
        m.agentId = agentId;
        m.position = position;
        return m;
    }

    public record Key(String groupId, String agentId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
