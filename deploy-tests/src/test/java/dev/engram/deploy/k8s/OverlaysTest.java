package dev.engram.deploy.k8s;

import dev.engram.deploy.Repo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every overlay under k8s/ as kubectl renders it: each object parses with Kubernetes' typed model without unknown
 * fields, and the deployment's invariants hold (probes, requests, PDB and HPA per Deployment, pinned images, no secret
 * in a ConfigMap, NetworkPolicies over every pod with exactly the edges of the architecture, every README variable
 * wired, the embedded index only with one memory-service replica).
 */
class OverlaysTest {

    static final List<String> SERVICES = List.of("agent-service", "memory-service", "embedding-service");
    private static final Map<String, Overlay> RENDERED = new ConcurrentHashMap<>();

    static Overlay overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> Overlay.of("overlays/" + n));
    }

    @Test
    void every_overlay_directory_is_tested() throws IOException {
        try (var dirs = Files.list(Repo.path("k8s/overlays"))) {
            assertEquals(Set.of("dev", "prod"), new TreeSet<>(dirs.map(p -> p.getFileName().toString()).toList()),
                    "a new overlay must be added to the @ValueSource lists of this class");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void renders_and_every_object_parses_with_the_typed_model(String name) {
        Overlay o = overlay(name);
        assertFalse(o.objects.isEmpty());
        assertEquals(SERVICES, o.deployments().stream().map(d -> d.getMetadata().getName()).sorted(
                java.util.Comparator.comparingInt(SERVICES::indexOf)).toList());
        for (var doc : o.documents) {
            if (!doc.path("kind").asText().equals("Namespace")) {
                assertEquals("engram", doc.path("metadata").path("namespace").asText(),
                        doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText() + " is in the namespace");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_deployment_has_the_three_health_probes_requests_limits_a_pdb_and_an_hpa(String name) throws IOException {
        Overlay o = overlay(name);
        for (Deployment d : o.deployments()) {
            String id = name + " " + d.getMetadata().getName();
            PodTemplateSpec t = d.getSpec().getTemplate();
            for (Container c : t.getSpec().getContainers()) {
                assertProbe(id + " startup", c.getStartupProbe(), "/q/health/started");
                assertProbe(id + " readiness", c.getReadinessProbe(), "/q/health/ready");
                assertProbe(id + " liveness", c.getLivenessProbe(), "/q/health/live");
                var res = c.getResources();
                assertTrue(res != null && res.getRequests() != null && res.getRequests().containsKey("cpu")
                        && res.getRequests().containsKey("memory"), id + " requests cpu and memory");
                assertTrue(res.getLimits() != null && res.getLimits().containsKey("memory"), id + " has a memory limit");
                String javaOpts = env(c, "JAVA_OPTS");
                assertTrue(javaOpts != null && javaOpts.contains("-XX:MaxRAMPercentage="),
                        id + " sizes its heap from the container's memory limit (JAVA_OPTS)");
                assertEquals(dev.engram.deploy.AotFlags.recordedWith(d.getMetadata().getName()),
                        dev.engram.deploy.AotFlags.moduleOptions(javaOpts),
                        id + ": JAVA_OPTS has the module flags the image's AOT cache is recorded with, or the JVM ignores it");
            }
            List<PodDisruptionBudget> pdbs = o.pdbs().stream()
                    .filter(p -> Selectors.matches(p.getSpec().getSelector(), t.getMetadata().getLabels())).toList();
            assertEquals(1, pdbs.size(), id + " has exactly one PodDisruptionBudget");
            List<HorizontalPodAutoscaler> hpas = o.hpas().stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                            && h.getSpec().getScaleTargetRef().getName().equals(d.getMetadata().getName())).toList();
            assertEquals(1, hpas.size(), id + " has exactly one HorizontalPodAutoscaler");
            var hpa = hpas.getFirst().getSpec();
            assertTrue(hpa.getMinReplicas() >= 1 && hpa.getMinReplicas() <= hpa.getMaxReplicas(), id + " HPA bounds");
            assertTrue(pdbs.getFirst().getSpec().getMaxUnavailable() != null
                            || hpa.getMinReplicas() > pdbs.getFirst().getSpec().getMinAvailable().getIntVal(),
                    id + ": the PDB leaves room to evict a pod");
        }
    }

    @Test
    void prod_scales_agent_service_on_its_in_flight_runs_and_the_others_on_cpu() throws IOException {
        Overlay o = overlay("prod");
        var agent = o.named(HorizontalPodAutoscaler.class, "agent-service").getSpec().getMetrics();
        MetricSpec runs = agent.stream().filter(m -> m.getType().equals("Pods")).findFirst()
                .orElseThrow(() -> new AssertionError("agent-service's HPA has no Pods metric"));
        String metric = runs.getPods().getMetric().getName();
        assertEquals("engram_runs_in_flight", metric);
        // the gauge agent-service registers (Micrometer: dots become underscores on /q/metrics)
        String source = Files.readString(Repo.path("agent-service/src/main/java/dev/engram/agent/loop/InFlightRuns.java"));
        assertTrue(source.contains("\"engram.runs.in_flight\""), "agent-service registers the gauge " + metric);
        for (String svc : List.of("memory-service", "embedding-service")) {
            var metrics = o.named(HorizontalPodAutoscaler.class, svc).getSpec().getMetrics();
            assertTrue(metrics.stream().allMatch(m -> m.getType().equals("Resource") && m.getResource().getName().equals("cpu")),
                    svc + " scales on CPU");
        }
        for (HorizontalPodAutoscaler h : o.hpas()) {
            assertTrue(h.getSpec().getMinReplicas() >= 2, "prod keeps two replicas of " + h.getMetadata().getName() + " at least");
        }
    }

    @Test
    void prod_postgres_has_a_connection_for_every_replica_the_autoscalers_allow() throws IOException {
        Overlay o = overlay("prod");
        int needed = 0;
        for (String svc : List.of("agent-service", "memory-service")) {
            Deployment d = o.named(Deployment.class, svc);
            int pool = Integer.parseInt(o.plainValue(d, "ENGRAM_PG_POOL_SIZE").orElseThrow());
            String props = Files.readString(Repo.path(svc + "/src/main/resources/application.properties"));
            Matcher jdbc = Pattern.compile("(?m)^quarkus\\.datasource\\.jdbc\\.max-size=(\\d+)").matcher(props);
            int migrations = jdbc.find() ? Integer.parseInt(jdbc.group(1)) : 20;
            needed += o.named(HorizontalPodAutoscaler.class, svc).getSpec().getMaxReplicas() * (pool + migrations);
        }
        CnpgCluster pg = o.all(CnpgCluster.class).getFirst();
        int max = Integer.parseInt(pg.spec().postgresql().parameters().get("max_connections"));
        assertTrue(max >= needed + 3 * pg.spec().instances(), "max_connections " + max + " covers " + needed
                + " connections of the services at their HPA maximum, and the instances' own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_image_has_a_pinned_tag(String name) {
        Overlay o = overlay(name);
        List<String> images = new ArrayList<>();
        o.podTemplates().values().forEach(t -> {
            t.getSpec().getContainers().forEach(c -> images.add(c.getImage()));
            t.getSpec().getInitContainers().forEach(c -> images.add(c.getImage()));
        });
        o.all(CnpgCluster.class).forEach(c -> images.add(c.spec().imageName()));
        assertFalse(images.isEmpty());
        for (String image : images) {
            assertTrue(pinned(image), name + ": image " + image + " has no pinned tag");
        }
    }

    static boolean pinned(String image) {
        if (image == null) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return false;
        }
        String tag = image.substring(colon + 1);
        // a tag that names a version: digits in it, never a moving name
        return tag.matches(".*\\d.*") && !tag.equals("latest") && !tag.matches("(?i).*(latest|stable|edge|nightly|main).*");
    }

    @Test
    void a_floating_or_missing_tag_is_not_pinned() {
        assertFalse(pinned("engram/agent-service"));
        assertFalse(pinned("qdrant/qdrant:latest"));
        assertFalse(pinned("registry:5000/engram/agent-service"));
        assertFalse(pinned("postgres:stable"));
        assertTrue(pinned("registry:5000/engram/agent-service:0.1.0"));
        assertTrue(pinned("postgres@sha256:0123456789abcdef"));
    }

    private static final Pattern SECRET_NAME = Pattern.compile("(.*_)?(KEY|TOKEN|PASSWORD|SECRET|CREDENTIALS?)(_.*)?");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?s).*(engram_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{16,}|[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@|-----BEGIN).*");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void no_secret_value_is_in_a_config_map_and_no_secret_is_shipped(String name) {
        Overlay o = overlay(name);
        assertTrue(o.all(Secret.class).isEmpty(), name + " ships no Secret: they are made in the cluster (k8s/README.md)");
        for (ConfigMap cm : o.all(ConfigMap.class)) {
            cm.getData().forEach((k, v) -> {
                assertFalse(SECRET_NAME.matcher(k).matches() || k.equals("LETTA_PG_URI"),
                        name + ": ConfigMap " + cm.getMetadata().getName() + " holds " + k + ", which is a secret");
                assertFalse(SECRET_VALUE.matcher(v).matches(),
                        name + ": ConfigMap " + cm.getMetadata().getName() + " key " + k + " looks like a credential");
            });
        }
        for (var t : o.podTemplates().entrySet()) {
            for (Container c : t.getValue().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (SECRET_NAME.matcher(e.getName()).matches() || e.getName().equals("LETTA_PG_URI")) {
                        assertTrue(e.getValue() == null && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null,
                                name + " " + t.getKey() + ": " + e.getName() + " comes from a Secret");
                    }
                }
            }
        }
    }

    @Test
    void a_secret_variable_name_is_recognised() {
        assertTrue(SECRET_NAME.matcher("OPENAI_API_KEY").matches());
        assertTrue(SECRET_NAME.matcher("ENGRAM_SERVICE_TOKEN").matches());
        assertTrue(SECRET_NAME.matcher("LETTA_SERVER_PASSWORD").matches());
        assertFalse(SECRET_NAME.matcher("ENGRAM_QUOTA_MONTHLY_TOKENS").matches());
    }

    @Test
    void a_credential_in_a_config_value_is_recognised() {
        assertTrue(SECRET_VALUE.matcher("postgresql://engram:hunter2@postgres:5432/engram").matches());
        assertTrue(SECRET_VALUE.matcher("engram_0123456789abcdefghijABCDEFGHIJ012345").matches());
        assertFalse(SECRET_VALUE.matcher("http://memory-service:8284").matches());
        assertFalse(SECRET_VALUE.matcher("local/all-minilm-l6-v2-q").matches());
    }

    /** Variables of the README that have no meaning in a cluster, with the reason (also in k8s/README.md). */
    static final Map<String, String> NOT_IN_A_CLUSTER = Map.of(
            "ENGRAM_PG_PORT", "the port of the embedded PostgreSQL that ./engram up starts; a cluster uses LETTA_PG_URI");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_variable_of_the_readme_is_wired_into_the_services(String name) throws IOException {
        Overlay o = overlay(name);
        Set<String> wired = new TreeSet<>();
        for (Deployment d : o.deployments()) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
            c.getEnv().forEach(e -> wired.add(e.getName()));
            c.getEnvFrom().forEach(f -> {
                assertTrue(f.getConfigMapRef() != null, name + " " + d.getMetadata().getName()
                        + ": secrets are read key by key (secretKeyRef), never a whole Secret with envFrom");
                wired.addAll(o.named(ConfigMap.class, f.getConfigMapRef().getName()).getData().keySet());
            });
        }
        Set<String> missing = new TreeSet<>(readmeVariables());
        missing.removeAll(wired);
        missing.removeAll(NOT_IN_A_CLUSTER.keySet());
        assertEquals(Set.of(), missing, name + ": README variables no Deployment receives");
        String k8sReadme = Files.readString(Repo.path("k8s/README.md"));
        NOT_IN_A_CLUSTER.keySet().forEach(v -> assertTrue(k8sReadme.contains("`" + v + "`"), "k8s/README.md says why " + v + " is not set"));
    }

    /** The variables of the root README's configuration table (first column). */
    static Set<String> readmeVariables() throws IOException {
        String readme = Files.readString(Repo.path("README.md"));
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 5);
        Set<String> vars = new LinkedHashSet<>();
        Pattern name = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = name.matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    vars.add(m.group(1));
                }
            }
        }
        assertTrue(vars.size() > 30, "read the README's configuration table: " + vars);
        return vars;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void the_embedded_index_only_ever_runs_with_one_memory_service_replica(String name) {
        Overlay o = overlay(name);
        Deployment memory = o.named(Deployment.class, "memory-service");
        String qdrant = o.plainValue(memory, "QDRANT_URL").orElse("");
        int maxReplicas = o.named(HorizontalPodAutoscaler.class, "memory-service").getSpec().getMaxReplicas();
        if (qdrant.isBlank()) {
            assertTrue(memory.getSpec().getReplicas() <= 1 && maxReplicas <= 1,
                    name + ": memory-service on the embedded Lucene index must stay at one replica");
        } else {
            assertTrue(qdrant.startsWith("http://qdrant:") || qdrant.startsWith("https://"), name + " points at Qdrant: " + qdrant);
        }
        if (name.equals("prod")) {
            assertFalse(qdrant.isBlank(), "prod uses Qdrant");
            assertTrue(maxReplicas > 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_pod_is_under_a_default_deny_policy(String name) {
        Overlay o = overlay(name);
        for (var pod : o.podLabels().entrySet()) {
            boolean ingress = false;
            boolean egress = false;
            for (NetworkPolicy p : o.networkPolicies()) {
                if (Selectors.matches(p.getSpec().getPodSelector(), pod.getValue())) {
                    ingress |= p.getSpec().getPolicyTypes().contains("Ingress");
                    egress |= p.getSpec().getPolicyTypes().contains("Egress");
                }
            }
            assertTrue(ingress && egress, name + ": " + pod.getKey() + " is covered by NetworkPolicies for ingress and egress");
        }
        assertTrue(o.networkPolicies().stream().anyMatch(p -> Selectors.matchesEverything(p.getSpec().getPodSelector())
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))), name + " has a default-deny policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void each_service_is_reachable_only_from_the_callers_the_architecture_names(String name) {
        Overlay o = overlay(name);
        Set<String> monitoring = Set.of("namespace{kubernetes.io/metadata.name=monitoring}");
        assertEquals(union(Set.of("namespace{kubernetes.io/metadata.name=ingress-nginx}"), monitoring),
                ingressSources(o, "Deployment/agent-service"), name + ": agent-service only from the ingress controller");
        assertEquals(union(Set.of("Deployment/agent-service"), monitoring), ingressSources(o, "Deployment/memory-service"),
                name + ": memory-service only from agent-service");
        assertEquals(union(Set.of("Deployment/agent-service", "Deployment/memory-service"), monitoring),
                ingressSources(o, "Deployment/embedding-service"), name + ": embedding-service only from memory-service and agent-service");
        String qdrant = "StatefulSet/qdrant";
        Set<String> qdrantFrom = ingressSources(o, qdrant);
        qdrantFrom.remove(qdrant); // peers of a distributed Qdrant
        assertEquals(Set.of("Deployment/memory-service"), qdrantFrom, name + ": Qdrant only from memory-service");
        String pg = name.equals("prod") ? "Cluster/engram-pg" : "StatefulSet/postgres";
        Set<String> pgFrom = ingressSources(o, pg);
        pgFrom.removeIf(s -> s.equals(pg) || s.contains("cnpg-system") || s.contains("monitoring"));
        assertEquals(Set.of("Deployment/agent-service", "Deployment/memory-service"), pgFrom, name + ": PostgreSQL only from the two services");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void egress_to_providers_is_separate_and_only_for_agent_and_embedding_service(String name) {
        Overlay o = overlay(name);
        Map<String, Map<String, String>> pods = o.podLabels();
        for (NetworkPolicy p : o.networkPolicies()) {
            boolean external = p.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream()).anyMatch(t -> t.getIpBlock() != null);
            if (!external) {
                continue;
            }
            assertTrue(p.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream()).allMatch(t -> t.getIpBlock() != null),
                    name + ": " + p.getMetadata().getName() + " mixes provider egress with in-cluster edges");
            for (var pod : pods.entrySet()) {
                if (Selectors.matches(p.getSpec().getPodSelector(), pod.getValue())) {
                    assertTrue(Set.of("Deployment/agent-service", "Deployment/embedding-service").contains(pod.getKey()),
                            name + ": " + pod.getKey() + " may not reach outside the cluster (" + p.getMetadata().getName() + ")");
                }
            }
        }
        assertTrue(o.find(NetworkPolicy.class, "agent-service-egress-providers").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void termination_grace_outlasts_the_services_shutdown_timeout(String name) throws IOException {
        Overlay o = overlay(name);
        for (Deployment d : o.deployments()) {
            String props = Files.readString(Repo.path(d.getMetadata().getName() + "/src/main/resources/application.properties"));
            long shutdown = seconds(d, o, props, "quarkus.shutdown.timeout");
            if (props.contains("quarkus.shutdown.delay-enabled=true")) {
                shutdown += seconds(d, o, props, "quarkus.shutdown.delay");
            }
            var spec = d.getSpec().getTemplate().getSpec();
            var preStop = spec.getContainers().getFirst().getLifecycle().getPreStop();
            long sleep = preStop.getSleep() == null ? 0 : preStop.getSleep().getSeconds();
            assertTrue(spec.getTerminationGracePeriodSeconds() > shutdown + sleep, name + " " + d.getMetadata().getName()
                    + ": terminationGracePeriodSeconds " + spec.getTerminationGracePeriodSeconds() + " must exceed preStop "
                    + sleep + " s + quarkus.shutdown.timeout " + shutdown + " s");
        }
    }

    /**
     * A duration property of the service ({@code 20s}) as the Deployment runs it: {@code ${other.property}} and
     * {@code ${ENV_NAME:default}} resolved, the variable from the Deployment's env and ConfigMaps; 0 when unset.
     */
    private static long seconds(Deployment d, Overlay o, String props, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(props);
        if (!m.find()) {
            return 0;
        }
        String value = m.group(1).trim();
        Matcher ref = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}").matcher(value);
        if (ref.matches()) {
            String name = ref.group(1);
            if (name.contains(".")) {
                return seconds(d, o, props, name);
            }
            value = o.plainValue(d, name).orElse(ref.group(2) == null ? "0s" : ref.group(2));
        }
        Matcher s = Pattern.compile("(\\d+)s").matcher(value);
        assertTrue(s.matches(), d.getMetadata().getName() + ": " + key + " = " + value + " is not in seconds");
        return Long.parseLong(s.group(1));
    }

    @Test
    void the_ingress_keeps_server_sent_events_open_and_unbuffered() {
        var ingress = overlay("prod").named(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "engram");
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        assertEquals("off", a.get("nginx.ingress.kubernetes.io/proxy-buffering"));
        assertTrue(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout")) >= 600, "SSE read timeout");
        assertEquals("agent-service", ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend()
                .getService().getName());
        assertFalse(ingress.getSpec().getTls().isEmpty(), "prod serves TLS");
    }

    /** Where a pod's ingress may come from: workloads of the overlay, or "namespace{...}" / "ip:cidr" / "anywhere". */
    static Set<String> ingressSources(Overlay o, String workload) {
        Map<String, String> labels = o.podLabels().get(workload);
        if (labels == null) {
            fail(o.name + " has no workload " + workload);
        }
        Set<String> from = new TreeSet<>();
        for (NetworkPolicy p : o.networkPolicies()) {
            if (!Selectors.matches(p.getSpec().getPodSelector(), labels) || !p.getSpec().getPolicyTypes().contains("Ingress")) {
                continue;
            }
            for (var rule : p.getSpec().getIngress()) {
                if (rule.getFrom().isEmpty()) {
                    from.add("anywhere");
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    from.addAll(describe(o, peer));
                }
            }
        }
        return from;
    }

    private static Set<String> describe(Overlay o, NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return Set.of("ip:" + peer.getIpBlock().getCidr());
        }
        if (peer.getNamespaceSelector() != null) {
            return Set.of("namespace" + Selectors.describe(peer.getNamespaceSelector()));
        }
        Set<String> workloads = new TreeSet<>();
        o.podLabels().forEach((w, l) -> {
            if (Selectors.matches(peer.getPodSelector(), l)) {
                workloads.add(w);
            }
        });
        if (workloads.isEmpty()) {
            fail(o.name + ": a NetworkPolicy peer selects no pod of the overlay: " + Selectors.describe(peer.getPodSelector()));
        }
        return workloads;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertTrue(probe != null && probe.getHttpGet() != null, what + " probe is an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), what + " probe path");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
