package dev.engram.deploy.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered objects with Kubernetes' typed model (fabric8) and finds fields the model does not know. The model's
 * classes keep unknown fields in {@code additionalProperties} instead of failing, so Jackson's FAIL_ON_UNKNOWN_PROPERTIES
 * alone would let a misspelt field through: every object of the parsed tree is walked and its additional properties
 * must be empty. Kinds the model does not have (CloudNativePG's Cluster) are parsed into strict records.
 */
final class TypedObjects {

    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** apiVersion + kind of every kind an overlay may hold, to its typed class. */
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class));

    private TypedObjects() {
    }

    /** The typed object of one rendered document; fails on an unknown kind and on any field the model does not have. */
    static Object parse(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<?> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError("no typed model for " + key + " (" + doc.path("metadata").path("name").asText() + ")");
        }
        Object typed;
        try {
            typed = STRICT.treeToValue(doc, type);
        } catch (Exception e) {
            throw new AssertionError(key + " " + doc.path("metadata").path("name").asText() + " does not parse: " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        walk(typed, key + " " + doc.path("metadata").path("name").asText(), unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields the Kubernetes model does not know: " + unknown);
        }
        if (typed instanceof HasMetadata h && !HasMetadata.getApiVersion(h.getClass()).equals(h.getApiVersion())) {
            throw new AssertionError(key + ": the model's apiVersion is " + HasMetadata.getApiVersion(h.getClass()));
        }
        return typed;
    }

    /** Collects "path.field" of every additional (unknown) property anywhere under {@code value}. */
    static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                walk(o, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                walk(invoke(rc.getAccessor(), value), path + "." + rc.getName(), unknown);
            }
            return;
        }
        if (!type.getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            if (name.equals("getAdditionalProperties")) {
                Object extra = invoke(m, value);
                if (extra instanceof Map<?, ?> map) {
                    map.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else if (name.startsWith("get") && !name.equals("getClass") && !m.getReturnType().isPrimitive()
                    && !m.getReturnType().getName().startsWith("java.lang.")) {
                walk(invoke(m, value), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), unknown);
            }
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null; // a derived accessor that needs more state; nothing parsed lives behind it
        }
    }
}
