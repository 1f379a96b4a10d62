package dev.engram.agent.support;

import dev.engram.agent.web.Actor;

import java.time.Duration;

/**
 * Runs written straight into {@code agent.runs} as a replica stores them (a send_message run of the default
 * organization's default user): the states a test starts from that no route makes, such as a run a replica that died
 * left open, or one a stopping replica handed over.
 */
public final class StoredRuns {

    private StoredRuns() {
    }

    /**
     * @param request the run's request as runs store it (JSON)
     * @param age how long ago the run was created (the recovery job resumes runs older than a lease)
     * @param handedOver marked handed over now, as a stopping replica leaves it
     */
    public static void insert(String id, String agent, String status, String request, Duration age, boolean handedOver) {
        Db.update("INSERT INTO agent.runs (id, organization_id, agent_id, status, background, metadata, request_config, request, actor_id, "
                + "created_at, handed_over_at) VALUES (?, ?, ?, ?, false, '{\"run_type\": \"send_message\"}', '{}', CAST(? AS jsonb), ?, "
                + "now() - ? * interval '1 millisecond', CASE WHEN ? THEN now() END)",
                id, Actor.DEFAULT_ORG, agent, status, request, Actor.DEFAULT_USER, age.toMillis(), handedOver);
    }
}
