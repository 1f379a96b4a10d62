package dev.engram.deploy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;

/**
 * The part of CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1) that the prod overlay uses, as strict records:
 * a field these records do not declare fails the parse, as an unknown field of a built-in kind does. Field names
 * follow the operator's API reference (ClusterSpec); a field added to the overlay must be added here, after checking
 * it there.
 */
record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(Integer instances, String imageName, String primaryUpdateStrategy, Postgresql postgresql,
                Bootstrap bootstrap, Storage storage, Storage walStorage, ResourceRequirements resources,
                Affinity affinity, InheritedMetadata inheritedMetadata, Monitoring monitoring) {
    }

    record Postgresql(Map<String, String> parameters) {
    }

    record Bootstrap(Initdb initdb) {
    }

    record Initdb(String database, String owner) {
    }

    record Storage(String size, String storageClass) {
    }

    record Affinity(Boolean enablePodAntiAffinity, String podAntiAffinityType, String topologyKey) {
    }

    record InheritedMetadata(Map<String, String> labels, Map<String, String> annotations) {
    }

    record Monitoring(Boolean enablePodMonitor) {
    }
}
