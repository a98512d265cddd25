package dev.holdline.system;

import static dev.holdline.system.Kustomizations.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that decide whether the rendered manifests boot and survive a rollout on a real cluster, checked over
 * every object of every kustomization. Each one failed on the k8s/ of ba74a58 (issue "A Kubernetes deployment
 * that boots"); the defect it caught is named on the method.
 */
class KubernetesWorkloadRulesTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** The restricted Pod Security Standard's volume types. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /**
     * The longest request each service lets finish when it stops (its quarkus.shutdown.timeout must cover it), in
     * seconds: what a rollout must not cut.
     */
    private static final Map<String, Integer> LONGEST_REQUEST = Map.of(
            "poll-gateway", 10,          // parked polls are answered with their cursor at once at shutdown
            "upload-service", 60,        // a 20 MiB upload (upload.max-bytes) at about 350 KB/s
            "thumbnail-worker", 30,      // its slowest call, to upload-service (read-timeout 30 s)
            "leaderboard-service", 10,   // a score waiting for its write (leaderboard.write-timeout 10 s)
            "webhook-dispatcher", 20);   // one attempt: webhooks.connect-timeout 5 s + request-timeout 15 s
    /** What a JVM needs beside its heap and direct buffers: metaspace, code cache, thread stacks, GC. */
    private static final long NON_HEAP_BYTES = 160L << 20;
    /** run-java.sh's default heap when nothing says otherwise (JAVA_MAX_MEM_RATIO). */
    private static final int IMAGE_DEFAULT_HEAP_PERCENT = 80;

    private static Map<String, List<HasMetadata>> rendered;

    @BeforeAll
    static void render() throws Exception {
        rendered = Kustomizations.rendered();
    }

    /** Caught: RABBITMQ_NODENAME used $(MY_POD_NAMESPACE), declared after it, so the node name was literal text. */
    @Test
    void shouldDefineEveryReferencedVariableEarlierInTheSameContainer() {
        List<String> undefined = new ArrayList<>();
        forEachContainer((where, pod, container) -> {
            Set<String> defined = new HashSet<>();
            for (var source : container.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    defined.addAll(configMapKeys(where.split(" ")[0], source.getConfigMapRef().getName()));
                }
            }
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValue() != null) {
                    Matcher reference = REFERENCE.matcher(variable.getValue());
                    while (reference.find()) {
                        if (!defined.contains(reference.group(1))) {
                            undefined.add(where + ": " + variable.getName() + " uses $(" + reference.group(1) + ")");
                        }
                    }
                }
                defined.add(variable.getName());
            }
            List<String> commandLine = new ArrayList<>(container.getCommand());
            commandLine.addAll(container.getArgs());
            for (String argument : commandLine) {
                Matcher reference = REFERENCE.matcher(argument);
                while (reference.find()) {
                    if (!defined.contains(reference.group(1))) {
                        undefined.add(where + ": its command uses $(" + reference.group(1) + ")");
                    }
                }
            }
        });
        assertEquals(List.of(), undefined, "Kubernetes leaves $(VAR) as it is unless VAR is defined before it");
    }

    /**
     * Caught: the rabbitmq-users Job had a read-only root filesystem, no /tmp volume, and its script wrote its
     * permissions to /tmp under set -e: the Job always failed, and with it every service's user.
     */
    @Test
    void shouldGiveEveryReadOnlyContainerAWritableVolumeWhereItWritesAndWriteNoFileFromTheUsersScript() throws IOException {
        List<String> unwritable = new ArrayList<>();
        forEachContainer((where, pod, container) -> {
            if (container.getSecurityContext() == null
                    || !Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
                return;
            }
            List<String> writes = new ArrayList<>(List.of("/tmp"));
            for (var source : container.getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    configMap(where.split(" ")[0], source.getConfigMapRef().getName()).getData().entrySet().stream()
                            .filter(e -> e.getKey().endsWith("_DIRECTORY") || e.getKey().endsWith("_DIR"))
                            .forEach(e -> writes.add(e.getValue()));
                }
            }
            for (String path : writes) {
                boolean writable = container.getVolumeMounts().stream()
                        .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
                        .anyMatch(m -> !Boolean.TRUE.equals(m.getReadOnly()) && isEmptyDir(pod, m));
                if (!writable) {
                    unwritable.add(where + ": " + path);
                }
            }
        });
        assertEquals(List.of(), unwritable, "read-only root filesystem and no writable volume at");
        String script = Files.readString(Path.of("../k8s/base/infra/rabbitmq-users"));
        List<String> fileWrites = new ArrayList<>();
        for (String line : script.split("\n")) {
            String code = line.replaceAll("(^|\\s)#.*$", "");
            Matcher redirect = Pattern.compile("(?<![0-9&<])>>?\\s*(\"?[^\\s&\"]+)").matcher(code);
            while (redirect.find()) {
                if (!redirect.group(1).replace("\"", "").equals("/dev/null")) {
                    fileWrites.add(line.strip());
                }
            }
            if (code.matches(".*\\b(mktemp|tee|touch)\\b.*")) {
                fileWrites.add(line.strip());
            }
        }
        assertEquals(List.of(), fileWrites, "k8s/base/infra/rabbitmq-users writes files (its Job's root is read-only)");
    }

    /**
     * Caught: holdline/&lt;service&gt; had no tag, which means :latest and imagePullPolicy Always: a cluster pulled
     * from a public registry even after the images were loaded into it.
     */
    @Test
    void shouldTagEveryImageAndPullOnlyWhatIsAbsent() {
        List<String> wrong = new ArrayList<>();
        forEachContainer((where, pod, container) -> {
            String image = container.getImage();
            String last = image.substring(image.lastIndexOf('/') + 1);
            boolean tagged = image.contains("@sha256:") || last.contains(":") && !last.endsWith(":latest");
            if (!tagged) {
                wrong.add(where + ": " + image + " has no tag (so :latest, pulled Always)");
            }
            if (!"IfNotPresent".equals(container.getImagePullPolicy())) {
                wrong.add(where + ": pull policy " + container.getImagePullPolicy());
            }
        });
        assertEquals(List.of(), wrong);
        for (Deployment deployment : of(rendered.get("k8s/overlays/prod"), Deployment.class)) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+(:\\d+)?/.+:.+") && !image.endsWith(":dev"),
                    "production runs a registry's image tagged by release: " + image);
        }
    }

    /**
     * Caught: no seccompProfile anywhere: a namespace enforcing the restricted Pod Security Standard refused every
     * pod. Checked here: every control of the restricted profile (and the baseline under it) that a manifest sets.
     */
    @Test
    void shouldPassTheRestrictedPodSecurityStandardWithEveryWorkload() {
        List<String> violations = new ArrayList<>();
        forEachPod((where, pod) -> {
            PodSecurityContext podSecurity = pod.getSecurityContext();
            if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC())) {
                violations.add(where + ": host namespaces");
            }
            for (Volume volume : pod.getVolumes()) {
                Map<String, Object> fields = Kustomizations.JSON.convertValue(volume, Map.class);
                fields.keySet().stream().filter(k -> !k.equals("name") && !RESTRICTED_VOLUMES.contains(k))
                        .forEach(k -> violations.add(where + ": volume " + volume.getName() + " of type " + k));
            }
            if (podSecurity != null && Long.valueOf(0).equals(podSecurity.getRunAsUser())) {
                violations.add(where + ": the pod runs as root");
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container container : containers) {
                String in = where + " " + container.getName();
                SecurityContext security = container.getSecurityContext();
                if (security == null) {
                    violations.add(in + ": no securityContext");
                    continue;
                }
                boolean nonRoot = Boolean.TRUE.equals(security.getRunAsNonRoot())
                        || security.getRunAsNonRoot() == null && podSecurity != null
                        && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
                if (!nonRoot) {
                    violations.add(in + ": runAsNonRoot");
                }
                if (Long.valueOf(0).equals(security.getRunAsUser())) {
                    violations.add(in + ": runs as root");
                }
                String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                        : podSecurity != null && podSecurity.getSeccompProfile() != null
                                ? podSecurity.getSeccompProfile().getType() : null;
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    violations.add(in + ": seccompProfile " + seccomp);
                }
                if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                    violations.add(in + ": allowPrivilegeEscalation");
                }
                if (Boolean.TRUE.equals(security.getPrivileged())) {
                    violations.add(in + ": privileged");
                }
                var capabilities = security.getCapabilities();
                if (capabilities == null || !capabilities.getDrop().contains("ALL")) {
                    violations.add(in + ": capabilities not dropped");
                } else if (!Set.of("NET_BIND_SERVICE").containsAll(capabilities.getAdd())) {
                    violations.add(in + ": adds " + capabilities.getAdd());
                }
                container.getPorts().stream().filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
                        .forEach(p -> violations.add(in + ": hostPort " + p.getHostPort()));
            }
        });
        assertEquals(List.of(), violations, "the restricted Pod Security Standard");
        for (List<HasMetadata> objects : rendered.values()) {
            var namespace = of(objects, io.fabric8.kubernetes.api.model.Namespace.class);
            assertEquals(1, namespace.size(), "a namespace of its own");
            assertEquals("restricted", namespace.get(0).getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        }
    }

    /**
     * Caught: the policy between RabbitMQ pods opened 4369, 5672 and 25672 but not 6000-6500, where streams
     * replicate: poll-gateway's stream could not commit on a CNI that enforces policies.
     */
    @Test
    void shouldOpenRabbitMqsInterNodePortsBetweenItsPods() {
        Map<String, Integer> needed = new LinkedHashMap<>(Map.of("epmd 4369", 4369, "distribution 25672", 25672,
                "AMQP 5672", 5672, "stream replication 6000", 6000, "stream replication 6500", 6500));
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            List<NetworkPolicyPort> open = new ArrayList<>();
            for (NetworkPolicy policy : of(entry.getValue(), NetworkPolicy.class)) {
                if (!selects(policy.getSpec().getPodSelector().getMatchLabels(), "rabbitmq")) {
                    continue;
                }
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    boolean fromRabbitMq = rule.getFrom().stream().map(NetworkPolicyPeer::getPodSelector)
                            .anyMatch(s -> s != null && s.getMatchLabels() != null
                                    && "rabbitmq".equals(s.getMatchLabels().get("app")));
                    if (fromRabbitMq) {
                        open.addAll(rule.getPorts());
                    }
                }
            }
            needed.forEach((what, port) -> assertTrue(open.stream().anyMatch(p -> covers(p, port)),
                    entry.getKey() + ": RabbitMQ's nodes cannot reach each other on " + what));
            for (int port = 6000; port <= 6500; port++) {
                int p = port;
                assertTrue(open.stream().anyMatch(o -> covers(o, p)), entry.getKey() + ": stream port " + p);
            }
        }
    }

    /**
     * Caught: poll-gateway, thumbnail-worker and webhook-dispatcher set replicas beside an autoscaler (and the dev
     * overlay set it on every Deployment): every apply reset the scale the autoscaler had chosen.
     */
    @Test
    void shouldLeaveTheScaleOfAnAutoscaledDeploymentToItsAutoscaler() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            Set<String> autoscaled = new HashSet<>();
            for (HorizontalPodAutoscaler hpa : of(entry.getValue(), HorizontalPodAutoscaler.class)) {
                autoscaled.add(hpa.getSpec().getScaleTargetRef().getName());
                hpa.getSpec().getMetrics().forEach(metric -> assertTrue(metric.getResource() == null
                        || !"memory".equals(metric.getResource().getName()), entry.getKey() + " "
                        + hpa.getMetadata().getName() + " scales on memory, which its replicas spend whatever the load"));
            }
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String name = deployment.getMetadata().getName();
                if (autoscaled.contains(name)) {
                    assertEquals(null, deployment.getSpec().getReplicas(),
                            entry.getKey() + " " + name + ": replicas beside its autoscaler");
                }
            }
        }
    }

    /**
     * Caught: no preStop and no shutdown delay (502s on every rollout, uploads cut, webhook attempts aborted and
     * sent again), and grace periods of 30 s or less under requests that last a minute.
     */
    @Test
    void shouldLetEveryDeploymentFinishItsLongestRequestBeforeItIsKilled() throws IOException {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String name = deployment.getMetadata().getName();
                String where = entry.getKey() + " " + name;
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                Container container = pod.getContainers().get(0);
                var preStop = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
                assertNotNull(preStop, where + ": no preStop: the Ingress still sends requests to a stopping pod");
                long pause = preStop.getSleep() != null ? preStop.getSleep().getSeconds() : 0;
                assertTrue(pause >= 5, where + ": a preStop pause of at least 5 s while the endpoints are removed");
                long shutdown = shutdownTimeoutSeconds(name);
                assertTrue(shutdown >= LONGEST_REQUEST.get(name), where + ": quarkus.shutdown.timeout " + shutdown
                        + " s cuts its longest request (" + LONGEST_REQUEST.get(name) + " s)");
                Long grace = pod.getTerminationGracePeriodSeconds();
                assertTrue(grace != null && grace > pause + shutdown, where + ": grace period " + grace
                        + " s, not longer than the preStop pause and the shutdown (" + (pause + shutdown) + " s)");
            }
        }
    }

    /**
     * Caught: the JVM took the image's default heap, 80 % of the container's limit, with Netty's direct buffers
     * (as large as the heap by default) beside it: the kernel kills the container before the heap is full.
     */
    @Test
    void shouldLeaveRoomUnderTheMemoryLimitBesideTheHeap() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String where = entry.getKey() + " " + deployment.getMetadata().getName();
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                long limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue();
                String options = container.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                        .map(EnvVar::getValue).findFirst().orElse("");
                Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
                long heap = (long) (limit * (percent.find() ? Double.parseDouble(percent.group(1))
                        : IMAGE_DEFAULT_HEAP_PERCENT) / 100);
                Matcher direct = Pattern.compile("-XX:MaxDirectMemorySize=(\\d+)([kKmMgG]?)").matcher(options);
                long directBytes = direct.find() ? Long.parseLong(direct.group(1))
                        << Map.of("", 0, "k", 10, "m", 20, "g", 30).get(direct.group(2).toLowerCase()) : heap;
                assertTrue(heap + directBytes + NON_HEAP_BYTES <= limit, where + ": heap " + (heap >> 20)
                        + " MiB + direct " + (directBytes >> 20) + " MiB + " + (NON_HEAP_BYTES >> 20)
                        + " MiB for the rest exceeds the limit of " + (limit >> 20) + " MiB");
            }
        }
    }

    /**
     * Caught: no cluster formed. With the node name fixed, peer discovery looked for rabbit@rabbitmq-0 (no
     * hostname_suffix) where the nodes are rabbit@rabbitmq-0.rabbitmq-nodes; podManagementPolicy was Parallel;
     * no absolute memory watermark, disruption budget or wait for a quorum before stopping; the users Job's
     * ConfigMap name was hashed (an edit changed the immutable Job template).
     */
    @Test
    void shouldFormTheRabbitMqClusterAndStopItsNodesSafely() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            String where = entry.getKey();
            StatefulSet rabbitmq = of(entry.getValue(), StatefulSet.class).stream()
                    .filter(s -> s.getMetadata().getName().equals("rabbitmq")).findFirst().orElseThrow();
            assertEquals("OrderedReady", rabbitmq.getSpec().getPodManagementPolicy(), where);
            String conf = configMap(where, "rabbitmq-config").getData().get("rabbitmq.conf");
            Matcher suffix = Pattern.compile("(?m)^cluster_formation\\.k8s\\.hostname_suffix\\s*=\\s*(\\S+)").matcher(conf);
            assertTrue(suffix.find(), where + ": no cluster_formation.k8s.hostname_suffix");
            Container container = rabbitmq.getSpec().getTemplate().getSpec().getContainers().get(0);
            String nodeName = container.getEnv().stream().filter(e -> e.getName().equals("RABBITMQ_NODENAME"))
                    .findFirst().orElseThrow().getValue();
            assertEquals("rabbit@$(MY_POD_NAME)" + suffix.group(1), nodeName,
                    where + ": the names peer discovery builds (pod host name + suffix) are the nodes' names");
            assertTrue(conf.contains("vm_memory_high_watermark.absolute"), where + ": an absolute memory watermark");
            String preStop = String.join(" ", container.getLifecycle().getPreStop().getExec().getCommand());
            assertTrue(preStop.contains("await_online_quorum_plus_one"), where + ": " + preStop);
            assertTrue(of(entry.getValue(), io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class).stream()
                    .anyMatch(p -> Map.of("app", "rabbitmq").equals(p.getSpec().getSelector().getMatchLabels())),
                    where + ": a disruption budget for RabbitMQ");
            assertNotNull(rabbitmq.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity(), where);
            Job users = of(entry.getValue(), Job.class).get(0);
            String scriptMap = users.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName();
            assertEquals("rabbitmq-users", scriptMap, where + ": a hashed name changes the Job's immutable template");
        }
        String required = String.valueOf(of(rendered.get("k8s/overlays/prod"), StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("rabbitmq")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution());
        assertTrue(required.contains("kubernetes.io/hostname"), "production: one RabbitMQ node per machine");
    }

    /**
     * Caught: the monitoring policy opened every service's API port (upload-service's /internal/ API included) and
     * pods mounted a service account token they never use.
     */
    @Test
    void shouldLetMonitoringReachOnlyMetricsAndMountNoServiceAccountToken() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            NetworkPolicy monitoring = of(entry.getValue(), NetworkPolicy.class).stream()
                    .filter(p -> p.getMetadata().getName().equals("from-monitoring")).findFirst().orElseThrow();
            Set<Integer> open = new HashSet<>();
            monitoring.getSpec().getIngress().forEach(r -> r.getPorts().forEach(p -> open.add(p.getPort().getIntVal())));
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String name = deployment.getMetadata().getName();
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                int api = ServiceSettings.of(name).port;
                assertTrue(!open.contains(api), entry.getKey() + ": monitoring reaches " + name + "'s API port " + api);
                int management = managementPort(name);
                assertTrue(container.getPorts().stream().anyMatch(p -> p.getContainerPort() == management),
                        entry.getKey() + " " + name + ": its management port " + management);
                assertTrue(open.contains(management), entry.getKey() + ": monitoring cannot scrape " + name);
                assertEquals(Boolean.FALSE, deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                        entry.getKey() + " " + name + ": mounts a service account token");
            }
        }
    }

    /**
     * Caught: the Ingress had no class, host or TLS. Production names all three and admits its Ingress controller
     * by a namespace label an operator sets, not by one namespace name.
     */
    @Test
    void shouldServeProductionOnItsHostWithTls() {
        Ingress ingress = of(rendered.get("k8s/overlays/prod"), Ingress.class).get(0);
        assertNotNull(ingress.getSpec().getIngressClassName(), "an ingressClassName");
        String host = ingress.getSpec().getRules().get(0).getHost();
        assertNotNull(host, "a host");
        assertTrue(ingress.getSpec().getTls().stream().anyMatch(t -> t.getHosts().contains(host) && t.getSecretName() != null),
                "TLS for " + host);
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            NetworkPolicy fromIngress = of(entry.getValue(), NetworkPolicy.class).stream()
                    .filter(p -> p.getMetadata().getName().equals("from-ingress-controller")).findFirst().orElseThrow();
            var selector = fromIngress.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector();
            assertEquals("true", selector.getMatchLabels().get("holdline.dev/ingress-controller"), entry.getKey());
        }
    }

    /** quarkus.management.port of a service, from its application.properties. */
    static int managementPort(String service) {
        Matcher port = Pattern.compile("(?m)^quarkus\\.management\\.port=(\\d+)").matcher(properties(service));
        assertTrue(port.find(), service + ": quarkus.management.port");
        return Integer.parseInt(port.group(1));
    }

    private static long shutdownTimeoutSeconds(String service) {
        Matcher timeout = Pattern.compile("(?m)^quarkus\\.shutdown\\.timeout=(\\d+)s").matcher(properties(service));
        return timeout.find() ? Long.parseLong(timeout.group(1)) : 0;
    }

    private static String properties(String service) {
        try {
            return Files.readString(Path.of("..", service, "src/main/resources/application.properties"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean covers(NetworkPolicyPort port, int number) {
        if (port.getPort() == null) {
            return true;
        }
        int from = port.getPort().getIntVal();
        int to = port.getEndPort() != null ? port.getEndPort() : from;
        return number >= from && number <= to;
    }

    private static boolean selects(Map<String, String> labels, String app) {
        return labels != null && app.equals(labels.get("app"));
    }

    private static boolean isEmptyDir(PodSpec pod, VolumeMount mount) {
        return pod.getVolumes().stream().anyMatch(v -> v.getName().equals(mount.getName()) && v.getEmptyDir() != null);
    }

    private static ConfigMap configMap(String kustomization, String name) {
        return of(rendered.get(kustomization), ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kustomization + ": no ConfigMap " + name));
    }

    private static Set<String> configMapKeys(String kustomization, String name) {
        return configMap(kustomization, name).getData().keySet();
    }

    interface PodCheck {
        void check(String where, PodSpec pod);
    }

    interface ContainerCheck {
        void check(String where, PodSpec pod, Container container);
    }

    /** Every pod template (Deployments, StatefulSets, Jobs) of every kustomization. */
    private static void forEachPod(PodCheck check) {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
            of(entry.getValue(), Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
            of(entry.getValue(), StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
            of(entry.getValue(), Job.class).forEach(j -> templates.put(j.getMetadata().getName(), j.getSpec().getTemplate()));
            templates.forEach((name, template) -> check.check(entry.getKey() + " " + name, template.getSpec()));
        }
    }

    private static void forEachContainer(ContainerCheck check) {
        forEachPod((where, pod) -> {
            pod.getInitContainers().forEach(c -> check.check(where + " " + c.getName(), pod, c));
            pod.getContainers().forEach(c -> check.check(where + " " + c.getName(), pod, c));
        });
    }
}
