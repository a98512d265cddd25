package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.holdline.testing.DevEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kustomization (the base and each overlay, {@link Kustomizations}) held to the deployment's rules: probes, limits and locked-down containers; Services that select something; Ingress paths
 * that reach a port that exists, exactly as k8s/routes lists them; ConfigMap keys the service reads;
 * autoscalers, disruption budgets and a replicated broker.
 */
class KubernetesTest {

    record Route(String path, String service, int port) {
    }

    private static Map<String, List<HasMetadata>> rendered;

    @BeforeAll
    static void renderEveryKustomization() throws Exception {
        rendered = Kustomizations.rendered();
    }

    @Test
    void shouldReadEveryObjectAsItsKubernetesTypeWithoutAnUnknownField() {
        // done while rendering; here: nothing was left out, and the base has every kind it needs
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            assertTrue(entry.getValue().size() > 20, entry.getKey() + " renders the whole system");
        }
        Set<Class<?>> kinds = Set.copyOf(rendered.get("k8s/base").stream().map(Object::getClass).toList());
        for (Class<?> kind : List.of(Deployment.class, StatefulSet.class, Service.class, ConfigMap.class,
                Ingress.class, HorizontalPodAutoscaler.class, PodDisruptionBudget.class, NetworkPolicy.class)) {
            assertTrue(kinds.contains(kind), "the base has a " + kind.getSimpleName());
        }
    }

    @Test
    void shouldGiveEveryServiceProbesLimitsAndALockedDownContainer() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            List<Deployment> deployments = of(entry.getValue(), Deployment.class);
            assertEquals(Set.copyOf(ServiceSettings.SERVICES),
                    Set.copyOf(deployments.stream().map(d -> d.getMetadata().getName()).toList()), entry.getKey());
            for (Deployment deployment : deployments) {
                String where = entry.getKey() + " " + deployment.getMetadata().getName();
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                assertEquals(deployment.getMetadata().getName(),
                        deployment.getSpec().getTemplate().getMetadata().getLabels().get("app"), where + ": app label");
                for (Container container : pod.getContainers()) {
                    assertNotNull(container.getReadinessProbe(), where + ": readiness probe");
                    assertNotNull(container.getLivenessProbe(), where + ": liveness probe");
                    assertNotNull(container.getStartupProbe(), where + ": startup probe");
                    assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), where);
                    assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), where);
                    assertNotNull(container.getResources().getRequests().get("memory"), where + ": memory request");
                    assertNotNull(container.getResources().getLimits().get("memory"), where + ": memory limit");
                    var security = container.getSecurityContext();
                    boolean nonRoot = Boolean.TRUE.equals(security.getRunAsNonRoot())
                            || pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
                    assertTrue(nonRoot, where + ": runs as non-root");
                    assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), where + ": read-only root");
                    assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), where + ": no escalation");
                    assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), where + ": no capabilities");
                    boolean configured = container.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null)
                            && (container.getEnv().stream().anyMatch(e -> e.getValueFrom() != null
                                    && e.getValueFrom().getSecretKeyRef() != null)
                                    || container.getEnvFrom().stream().anyMatch(e -> e.getSecretRef() != null));
                    assertTrue(configured, where + ": configured from a ConfigMap and a Secret");
                }
            }
        }
    }

    @Test
    void shouldMountOnlyThePrivateKeysAServiceNeeds() {
        // thumbnail-worker signs service tokens; the dev overlay's poll-gateway signs the web app's dev sign-in
        Map<String, Set<String>> allowed = Map.of("k8s/base", Set.of("thumbnail-worker:holdline-service-jwt"),
                "k8s/overlays/dev", Set.of("thumbnail-worker:holdline-service-jwt", "poll-gateway:holdline-jwt"),
                "k8s/overlays/prod", Set.of("thumbnail-worker:holdline-service-jwt"));
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            List<String> privateKeys = new ArrayList<>();
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String name = deployment.getMetadata().getName();
                for (var volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                    var secret = volume.getSecret();
                    if (secret == null) {
                        continue;
                    }
                    assertTrue(secret.getItems() != null && !secret.getItems().isEmpty(), entry.getKey() + " " + name
                            + " mounts the whole Secret " + secret.getSecretName() + ": list the keys it needs");
                    secret.getItems().stream().filter(item -> item.getKey().toLowerCase().contains("private"))
                            .forEach(item -> privateKeys.add(name + ":" + secret.getSecretName()));
                }
            }
            assertEquals(allowed.getOrDefault(entry.getKey(), Set.of()), Set.copyOf(privateKeys),
                    entry.getKey() + ": the pods that mount a private key");
        }
    }

    @Test
    void shouldSelectRunningPodsWithEveryService() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            List<Map<String, String>> podLabels = new ArrayList<>();
            of(entry.getValue(), Deployment.class).forEach(d -> podLabels.add(labels(d.getSpec().getTemplate())));
            of(entry.getValue(), StatefulSet.class).forEach(s -> podLabels.add(labels(s.getSpec().getTemplate())));
            for (Service service : of(entry.getValue(), Service.class)) {
                Map<String, String> selector = service.getSpec().getSelector();
                assertTrue(selector != null && !selector.isEmpty()
                        && podLabels.stream().anyMatch(l -> l.entrySet().containsAll(selector.entrySet())),
                        entry.getKey() + " Service " + service.getMetadata().getName() + " selects no pods: " + selector);
            }
        }
    }

    @Test
    void shouldRouteEveryIngressPathToAServicePortThatExistsExactlyAsTheRouteList() {
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            Map<String, Service> services = new LinkedHashMap<>();
            of(entry.getValue(), Service.class).forEach(s -> services.put(s.getMetadata().getName(), s));
            List<Route> inIngress = new ArrayList<>();
            for (Ingress ingress : of(entry.getValue(), Ingress.class)) {
                for (var rule : ingress.getSpec().getRules()) {
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        var backend = path.getBackend().getService();
                        Service target = services.get(backend.getName());
                        assertNotNull(target, entry.getKey() + ": " + path.getPath() + " goes to a missing Service");
                        int port = backend.getPort().getNumber();
                        assertTrue(target.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port),
                                entry.getKey() + ": " + path.getPath() + " goes to a port its Service lacks: " + port);
                        // with use-regex, ingress-nginx makes every path a regex (an Exact "/" would take every
                        // path): so every path is one, written as such
                        assertEquals("true", ingress.getMetadata().getAnnotations()
                                .get("nginx.ingress.kubernetes.io/use-regex"), "paths are regexes");
                        assertEquals("ImplementationSpecific", path.getPathType(), path.getPath());
                        assertTrue(path.getPath().endsWith("$)") || path.getPath().endsWith("$") || path.getPath().endsWith("/"),
                                path.getPath() + " ends with $, (/|$) or /: it does not take longer names too");
                        inIngress.add(new Route(path.getPath(), backend.getName(), port));
                    }
                }
            }
            assertEquals(routes(), inIngress, entry.getKey() + ": the Ingress and k8s/routes (scripts/proxy-conf) differ");
        }
    }

    @Test
    void shouldConnectEachServiceToRabbitMqAsItsOwnUserMadeByTheUsersJob() throws IOException {
        List<String> permitted = Files.readAllLines(Path.of("../k8s/base/infra/rabbitmq-permissions")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.trim().split("\\s+")[0]).toList();
        assertEquals(Set.copyOf(ServiceSettings.SERVICES), Set.copyOf(permitted), "a permissions line per service");
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            List<Job> jobs = of(entry.getValue(), Job.class);
            assertEquals(List.of("rabbitmq-users"), jobs.stream().map(j -> j.getMetadata().getName()).toList());
            List<String> jobPasswords = jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .stream().filter(e -> e.getName().startsWith("RABBITMQ_PASSWORD_"))
                    .map(e -> e.getValueFrom().getSecretKeyRef().getKey()).toList();
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                String name = deployment.getMetadata().getName();
                Map<String, io.fabric8.kubernetes.api.model.EnvVar> env = new LinkedHashMap<>();
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e));
                assertEquals(name, env.get("RABBITMQ_USERNAME").getValue(), entry.getKey() + " " + name + ": its own user");
                String key = env.get("RABBITMQ_PASSWORD").getValueFrom().getSecretKeyRef().getKey();
                assertEquals(name + "-password", key, entry.getKey() + " " + name);
                assertTrue(jobPasswords.contains(key), name + ": the Job gives its user the password it connects with");
            }
        }
    }

    @Test
    void shouldSetOnlyConfigMapKeysTheServiceReads() {
        List<String> unread = new ArrayList<>();
        for (Map.Entry<String, List<HasMetadata>> entry : rendered.entrySet()) {
            for (ConfigMap config : of(entry.getValue(), ConfigMap.class)) {
                String name = config.getMetadata().getName();
                if (!"service".equals(config.getMetadata().getLabels().get("holdline.dev/config"))) {
                    continue;
                }
                String service = name.replaceAll("-config$", "");
                assertTrue(ServiceSettings.SERVICES.contains(service), name + " belongs to a service");
                ServiceSettings settings = ServiceSettings.of(service);
                config.getData().keySet().stream().filter(k -> !settings.reads(k))
                        .forEach(k -> unread.add(entry.getKey() + " " + name + ": " + k));
            }
            for (Deployment deployment : of(entry.getValue(), Deployment.class)) {
                ServiceSettings settings = ServiceSettings.of(deployment.getMetadata().getName());
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> !settings.reads(e.getName()))
                        .forEach(e -> unread.add(entry.getKey() + " " + deployment.getMetadata().getName() + ": " + e.getName()));
            }
        }
        assertEquals(List.of(), unread, "settings no service reads (a typo, or a setting that was removed)");
    }

    /**
     * The dev overlay runs each service with the development settings of dev-only/env, which scripts/local,
     * docker-compose.yml and the system tests read. Kustomize loads no file outside a kustomization's directory, and
     * the base is production's, so the overlay writes them itself and this holds the two equal: every variable both
     * set has the file's value, be it the ConfigMap's, a literal or a Secret's; only the key files' locations
     * ({@code *_LOCATION}) differ, mounted where the pod mounts them.
     */
    @Test
    void shouldRunTheDevOverlayWithTheSettingsOfDevOnlyEnv() {
        List<HasMetadata> dev = rendered.get("k8s/overlays/dev");
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        of(dev, ConfigMap.class).forEach(c -> configMaps.put(c.getMetadata().getName(), c.getData()));
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        for (Secret secret : of(dev, Secret.class)) {
            Map<String, String> decoded = new LinkedHashMap<>();
            secret.getData().forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            secrets.put(secret.getMetadata().getName(), decoded);
        }
        List<String> differ = new ArrayList<>();
        for (Deployment deployment : of(dev, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> actual = new LinkedHashMap<>();
            container.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                    .forEach(e -> actual.putAll(configMaps.get(e.getConfigMapRef().getName())));
            for (var variable : container.getEnv()) {
                var secretRef = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
                actual.put(variable.getName(), secretRef == null ? variable.getValue()
                        : secrets.getOrDefault(secretRef.getName(), Map.of()).get(secretRef.getKey()));
            }
            Map<String, String> files = DevEnvironment.of(Path.of(".."), name);
            assertTrue(actual.containsKey("RABBITMQ_PASSWORD") && files.containsKey("RABBITMQ_PASSWORD"), name);
            files.forEach((key, value) -> {
                if (!key.endsWith("_LOCATION") && actual.containsKey(key) && !value.equals(actual.get(key))) {
                    differ.add(name + ": " + key + "=" + actual.get(key) + ", dev-only/env/" + name + ".env: " + value);
                }
            });
        }
        assertEquals(List.of(), differ, "k8s/overlays/dev and dev-only/env differ");
    }

    @Test
    void shouldScaleTheStatelessServicesAndKeepEveryServiceUpThroughDisruptions() {
        List<HasMetadata> base = rendered.get("k8s/base");
        Set<String> deployments = Set.copyOf(of(base, Deployment.class).stream().map(d -> d.getMetadata().getName()).toList());
        List<String> scaled = new ArrayList<>();
        for (HorizontalPodAutoscaler hpa : of(base, HorizontalPodAutoscaler.class)) {
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertTrue(deployments.contains(hpa.getSpec().getScaleTargetRef().getName()), "HPA of a Deployment");
            scaled.add(hpa.getSpec().getScaleTargetRef().getName());
        }
        assertTrue(scaled.containsAll(List.of("poll-gateway", "thumbnail-worker", "webhook-dispatcher")), "HPAs: " + scaled);
        List<Map<String, String>> budgets = of(base, PodDisruptionBudget.class).stream()
                .map(p -> p.getSpec().getSelector().getMatchLabels()).toList();
        for (String service : ServiceSettings.SERVICES) {
            assertTrue(budgets.contains(Map.of("app", service)), "a PodDisruptionBudget for " + service);
        }
        StatefulSet rabbitmq = of(base, StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals("rabbitmq"))
                .findFirst().orElseThrow();
        assertEquals(3, rabbitmq.getSpec().getReplicas(), "RabbitMQ runs as a 3-node cluster");
        for (StatefulSet stateful : of(base, StatefulSet.class)) {
            assertTrue(!stateful.getSpec().getVolumeClaimTemplates().isEmpty(),
                    stateful.getMetadata().getName() + " keeps its data on persistent storage");
        }
        Set<String> autoscaled = Set.copyOf(scaled);
        for (Deployment deployment : of(rendered.get("k8s/overlays/dev"), Deployment.class)) {
            String name = deployment.getMetadata().getName();
            assertEquals(autoscaled.contains(name) ? null : 1, deployment.getSpec().getReplicas(),
                    "the dev overlay runs one replica of " + name + " (or leaves it to its autoscaler)");
        }
        for (HorizontalPodAutoscaler hpa : of(rendered.get("k8s/overlays/dev"), HorizontalPodAutoscaler.class)) {
            assertEquals(1, hpa.getSpec().getMinReplicas(), "the dev overlay's autoscalers start from one replica");
        }
    }

    /** k8s/routes, the one list of the origin's paths. */
    static List<Route> routes() {
        try {
            return Files.readAllLines(Path.of("../k8s/routes")).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+"))
                    .map(f -> new Route(f[0], f[1], Integer.parseInt(f[2]))).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata().getLabels();
    }

    private static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return Kustomizations.of(objects, type);
    }

}
