package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and alert rules of k8s/monitoring without any service running: they parse, every alert says what it
 * means and links its section of docs/operations.md, every expression names metrics (the metric check itself, the
 * names against what the running services export, is {@code WebAppIT#shouldExportEveryMetricTheDashboardAndAlertsName}),
 * and the kustomization renders what Prometheus and Grafana load.
 */
class MonitoringFilesTest {

    private static MonitoringFiles files;

    @BeforeAll
    static void load() throws Exception {
        files = MonitoringFiles.load();
    }

    @Test
    void shouldGiveEveryAlertASummaryAndARunbookSectionThatExists() throws Exception {
        Set<String> anchors = MonitoringFiles.anchors(Path.of("../docs/operations.md"));
        List<JsonNode> alerts = files.alerts();
        assertTrue(alerts.size() >= 10, "the alerts of issue 28: " + alerts.size());
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            if (!names.add(name)) {
                problems.add(name + ": twice");
            }
            JsonNode annotations = alert.path("annotations");
            for (String key : List.of("summary", "description", "runbook_url")) {
                if (annotations.path(key).asText().isBlank()) {
                    problems.add(name + ": no " + key);
                }
            }
            String runbook = annotations.path("runbook_url").asText();
            String expected = "docs/operations.md#" + name.toLowerCase();
            if (!runbook.equals(expected)) {
                problems.add(name + ": runbook_url " + runbook + ", expected " + expected);
            } else if (!anchors.contains(name.toLowerCase())) {
                problems.add(name + ": docs/operations.md has no section \"### " + name + "\"");
            }
            if (!Set.of("critical", "warning", "info").contains(alert.path("labels").path("severity").asText())) {
                problems.add(name + ": severity critical, warning or info");
            }
            if (alert.path("expr").asText().isBlank()) {
                problems.add(name + ": no expr");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldNameAMetricInEveryExpressionOfTheRulesAndTheDashboard() {
        List<MonitoringFiles.Expression> expressions = files.expressions();
        assertTrue(expressions.size() >= 25, "rules and panels: " + expressions.size());
        for (MonitoringFiles.Expression expression : expressions) {
            assertFalse(MonitoringFiles.selectors(expression.expr()).isEmpty(), expression.where() + " names no metric");
        }
        Set<String> metrics = new TreeSet<>();
        expressions.forEach(e -> metrics.addAll(MonitoringFiles.selectors(e.expr()).keySet()));
        // what issue 28 asks the operator to see, each named at least once
        for (String metric : List.of("holdline_queue_messages", "holdline_outbox_oldest_unsent_seconds",
                "holdline_webhooks_oldest_due_seconds", "holdline_webhooks_subscriptions_disabled",
                "holdline_gateway_stream_lag_seconds", "holdline_gateway_stream_gaps_total",
                "holdline_gateway_polls_parked", "holdline_leaderboard_sockets", "http_server_requests_seconds_count",
                "holdline_dependency_up")) {
            assertTrue(metrics.contains(metric), metric + " in " + metrics);
        }
    }

    @Test
    void shouldTakeExpressionsApartIntoMetricsAndLabelMatchers() {
        Map<String, List<MonitoringFiles.LabelMatcher>> selectors = MonitoringFiles.selectors(
                "sum by (app) (rate(http_server_requests_seconds_count{status=~\"5..\", uri!=\"/x\"}[5m])) "
                        + "/ on (app) group_left sum by (app) (rate(foo_total[5m] offset 1h)) > 0.05 "
                        + "and scalar(max(bar{queue=\"a\\\\.b\"})) - baz_seconds:rate5m");
        assertEquals(List.of("http_server_requests_seconds_count", "foo_total", "bar", "baz_seconds:rate5m"),
                List.copyOf(selectors.keySet()));
        assertEquals(List.of(new MonitoringFiles.LabelMatcher("status", "=~", "5.."),
                new MonitoringFiles.LabelMatcher("uri", "!=", "/x")), selectors.get("http_server_requests_seconds_count"));
        assertEquals(List.of(new MonitoringFiles.LabelMatcher("queue", "=", "a\\.b")), selectors.get("bar"));
    }

    /** The check can fail: a metric name with a typo, or a label value no series has, is reported. */
    @Test
    void shouldReportAMetricOrALabelValueTheServicesDoNotExport() throws Exception {
        String exposition = """
                # TYPE holdline_dependency_up gauge
                holdline_dependency_up{dependency="rabbitmq"} 1.0
                holdline_queue_messages{queue="thumbnail-worker.image-uploaded"} 3.0
                """;
        Map<String, Map<String, Set<String>>> exported = MonitoringFiles.exported(exposition);
        assertEquals(Set.of("rabbitmq"), exported.get("holdline_dependency_up").get("dependency"));
        List<String> missing = files.missingFrom(exported);
        assertTrue(missing.stream().anyMatch(m -> m.equals("HoldlineOutboxLate: no service exports holdline_outbox_oldest_unsent_seconds")),
                String.join("\n", missing));
        assertTrue(missing.stream().anyMatch(m -> m.startsWith("HoldlinePostgresqlDown: no series holdline_dependency_up{dependency=\"postgresql\"}")),
                String.join("\n", missing));
        assertFalse(missing.stream().anyMatch(m -> m.startsWith("HoldlineRabbitMqDown")), String.join("\n", missing));
        assertFalse(missing.stream().anyMatch(m -> m.startsWith("HoldlineThumbnailQueueDeep")), String.join("\n", missing));
    }

    @Test
    void shouldRenderThePodMonitorTheRulesAndTheDashboardConfigMap() throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", "k8s/monitoring").directory(Path.of("..").toFile())
                .redirectErrorStream(true).start();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), yaml);
        Map<String, JsonNode> byKind = new java.util.TreeMap<>();
        try (var documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = (JsonNode) documents.next();
                byKind.put(document.path("kind").asText(), document);
                assertEquals("holdline", document.path("metadata").path("namespace").asText());
            }
        }
        assertEquals(Set.of("ConfigMap", "PodMonitor", "PrometheusRule"), byKind.keySet());
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                byKind.get("ConfigMap").path("data").path("holdline-dashboard.json").asText());
        assertEquals(files.dashboard, dashboard, "the ConfigMap carries the dashboard file");
        assertEquals("1", byKind.get("ConfigMap").path("metadata").path("labels").path("grafana_dashboard").asText());
        JsonNode endpoint = byKind.get("PodMonitor").path("spec").path("podMetricsEndpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("management", endpoint.path("port").asText());
        Set<String> selected = new TreeSet<>();
        byKind.get("PodMonitor").path("spec").path("selector").path("matchExpressions").get(0).path("values")
                .forEach(v -> selected.add(v.asText()));
        assertEquals(new TreeSet<>(ServiceSettings.SERVICES), selected, "every service is scraped");
        // each service's Deployment names its management port so (the port the PodMonitor scrapes)
        for (var deployment : Kustomizations.of(Kustomizations.rendered().get("k8s/base"),
                io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            assertTrue(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                    .anyMatch(p -> "management".equals(p.getName())), deployment.getMetadata().getName());
        }
    }
}
