package dev.engram.memory.index;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The one fixture builder for index tests: a passage with sensible defaults, changed field by field. */
final class Passages {

    static final String ORG = "org-00000000-0000-4000-8000-000000000001";
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

    private String id = "passage-" + UUID.randomUUID();
    private String organizationId = ORG;
    private final String agentId;
    private final String text;
    private List<String> tags = List.of();
    private Instant createdAt = T0;
    private float[] vector;
    private String context;

    private Passages(String agentId, String text) {
        this.agentId = agentId;
        this.text = text;
    }

    static Passages passage(String agentId, String text) {
        return new Passages(agentId, text);
    }

    static String agent() {
        return "agent-" + UUID.randomUUID();
    }

    /** A vector with the given leading components, zero elsewhere. */
    static float[] vector(int dimension, double... components) {
        float[] v = new float[dimension];
        for (int i = 0; i < components.length; i++) {
            v[i] = (float) components[i];
        }
        return v;
    }

    /** The unit vector along one axis. */
    static float[] axis(int dimension, int axis) {
        float[] v = new float[dimension];
        v[axis] = 1;
        return v;
    }

    static List<String> ids(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::passageId).toList();
    }

    Passages id(String newId) {
        this.id = newId;
        return this;
    }

    Passages org(String newOrganizationId) {
        this.organizationId = newOrganizationId;
        return this;
    }

    Passages tags(String... newTags) {
        this.tags = Arrays.asList(newTags);
        return this;
    }

    Passages at(Instant instant) {
        this.createdAt = instant;
        return this;
    }

    Passages vector(float[] newVector) {
        this.vector = newVector;
        return this;
    }

    Passages context(String newContext) {
        this.context = newContext;
        return this;
    }

    IndexedPassage build() {
        return new IndexedPassage(id, organizationId, agentId, text, tags, createdAt, vector, context);
    }
}
