package dev.engram.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.deploy.Repo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One overlay as kubectl renders it, every object typed. */
final class Overlay {

    final String name;
    final List<JsonNode> documents;
    final List<Object> objects = new ArrayList<>();

    private Overlay(String name, List<JsonNode> documents) {
        this.name = name;
        this.documents = documents;
        documents.forEach(d -> objects.add(TypedObjects.parse(d)));
    }

    /** Renders and parses {@code k8s/<dir>}. */
    static Overlay of(String dir) {
        return new Overlay(dir, Kustomize.documents(Kustomize.render(Repo.path("k8s/" + dir))));
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(this.name + ": no " + type.getSimpleName() + " " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    List<Deployment> deployments() {
        return all(Deployment.class);
    }

    List<NetworkPolicy> networkPolicies() {
        return all(NetworkPolicy.class);
    }

    List<PodDisruptionBudget> pdbs() {
        return all(PodDisruptionBudget.class);
    }

    List<HorizontalPodAutoscaler> hpas() {
        return all(HorizontalPodAutoscaler.class);
    }

    /** Every pod this overlay makes, by workload: its labels (CloudNativePG's instances by the labels the operator sets). */
    Map<String, Map<String, String>> podLabels() {
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        for (Deployment d : deployments()) {
            pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels());
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels());
        }
        for (CnpgCluster c : all(CnpgCluster.class)) {
            Map<String, String> labels = new LinkedHashMap<>(c.spec().inheritedMetadata().labels());
            labels.put("cnpg.io/cluster", c.metadata().getName());
            pods.put("Cluster/" + c.metadata().getName(), labels);
        }
        return pods;
    }

    /** Pod templates of Deployments and StatefulSets, by workload. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> out = new LinkedHashMap<>();
        deployments().forEach(d -> out.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> out.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return out;
    }

    /** The value a container of a Deployment sees for a variable: its env entry, else the ConfigMaps it reads. */
    Optional<String> plainValue(Deployment d, String variable) {
        var container = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        for (var e : container.getEnv()) {
            if (e.getName().equals(variable)) {
                return Optional.ofNullable(e.getValue());
            }
        }
        for (var from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = named(ConfigMap.class, from.getConfigMapRef().getName());
                if (cm.getData().containsKey(variable)) {
                    return Optional.of(cm.getData().get(variable));
                }
            }
        }
        return Optional.empty();
    }
}
