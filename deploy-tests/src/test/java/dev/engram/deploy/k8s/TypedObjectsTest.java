package dev.engram.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict parse finds what the typed model would otherwise keep silently as additional properties. */
class TypedObjectsTest {

    private static JsonNode yaml(String text) {
        return Kustomize.documents(text).getFirst();
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: a}
            spec:
              selector: {matchLabels: {app: a}}
              template:
                metadata: {labels: {app: a}}
                spec:
                  containers:
                    - name: a
                      image: a:1
                      %s
            """;

    @Test
    void a_well_formed_deployment_parses_into_the_typed_model() {
        Object o = TypedObjects.parse(yaml(DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /q/health/ready, port: 80}}")));
        assertInstanceOf(io.fabric8.kubernetes.api.model.apps.Deployment.class, o);
    }

    @Test
    void a_misspelt_field_deep_in_a_container_is_an_unknown_field() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TypedObjects.parse(yaml(DEPLOYMENT.formatted("readinessProbe: {httpGet: {pth: /q/health/ready, port: 80}}"))));
        assertTrue(e.getMessage().contains("httpGet.pth"), e.getMessage());
    }

    @Test
    void a_field_at_the_wrong_level_is_an_unknown_field() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> TypedObjects.parse(yaml(DEPLOYMENT.formatted("replicas: 2"))));
        assertTrue(e.getMessage().contains("replicas"), e.getMessage());
    }

    @Test
    void an_unknown_field_of_the_cloudnativepg_cluster_fails_its_strict_records() {
        assertThrows(AssertionError.class, () -> TypedObjects.parse(yaml("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 3, instance: 3}
                """)));
    }

    @Test
    void a_kind_without_a_typed_model_is_refused() {
        assertThrows(AssertionError.class, () -> TypedObjects.parse(yaml("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """)));
    }
}
