package dev.holdline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.NodeTests;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TestImages;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web app as a user meets it: the five packaged services on one broker (the one {@link SharedSystem}), nginx in
 * front of them on one origin (configured by scripts/proxy-conf from k8s/routes, as scripts/local does), and the browser tests of
 * src/test/js in Debian's headless Chromium, driven by Playwright. Screenshots of each page land in
 * target/screenshots (docs/screenshots holds the ones the README shows).
 */
@ExtendWith(SharedSystem.class)
class WebAppIT {

    private static HoldlineSystem system;
    private static Process nginx;
    private static int origin;

    @BeforeAll
    static void start(SharedSystem.Running shared) throws Exception {
        system = shared.system();
        Map<String, ServiceProcess> byName = new HashMap<>();
        for (String name : HoldlineSystem.SERVICES) {
            byName.put(name, system.first(name));
        }
        startProxy(byName);
    }

    private static void startProxy(Map<String, ServiceProcess> byName) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            origin = free.getLocalPort();
        }
        Path dir = Path.of("target/proxy").toAbsolutePath();
        Files.createDirectories(dir);
        List<String> render = new ArrayList<>(List.of("../scripts/proxy-conf", Integer.toString(origin),
                dir.toString()));
        byName.forEach((name, process) -> render.add(name + "=127.0.0.1:" + process.port()));
        Process conf = new ProcessBuilder(render).redirectOutput(dir.resolve("nginx.conf").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, conf.waitFor(), "scripts/proxy-conf failed");
        String binary = new File("/usr/sbin/nginx").canExecute() ? "/usr/sbin/nginx" : "nginx";
        nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
            }
            try (var socket = new java.net.Socket("127.0.0.1", origin)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        // the system is the shared one's, stopped at the end of the run
    }

    @Test
    void shouldPassTheBrowserTestsInHeadlessChromium() throws Exception {
        File js = new File("src/test/js");
        NodeTests.install(js, "playwright-core");
        Path image = Path.of("target/harbour.jpg").toAbsolutePath();
        Files.write(image, TestImages.jpeg(1600, 1200));
        String output = NodeTests.run(js, Map.of("HOLDLINE_URL", "http://127.0.0.1:" + origin,
                "TEST_IMAGE", image.toString(),
                "SCREENSHOTS", Path.of("target/screenshots").toAbsolutePath().toString(),
                "CHROMIUM", System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")),
                Path.of("target/browser-tests.log").toAbsolutePath(), Duration.ofSeconds(600),
                List.of("--test", "--test-concurrency=1", "webapp.test.mjs"));
        assertTrue(output.contains("# pass 16\n") && output.contains("# fail 0\n") && output.contains("# skipped 0\n"),
                "every browser test ran and passed:\n" + output);
        for (String page : List.of("images", "rejected", "chat", "leaderboard", "leaderboard-long-poll", "webhooks")) {
            assertTrue(Files.size(Path.of("target/screenshots/" + page + ".png")) > 10_000, page + ".png was saved");
        }
    }

    /**
     * Issue 29: four tabs of one user in one browser profile hold one poll between them (the client's tab sharing),
     * each shows a chat message within a second, and a fifth tab is answered at once (src/test/js/tabs.test.mjs).
     */
    @Test
    void shouldShareOnePollBetweenTheTabsOfOneUser() throws Exception {
        File js = new File("src/test/js");
        NodeTests.install(js, "playwright-core");
        String output = NodeTests.run(js, Map.of("HOLDLINE_URL", "http://127.0.0.1:" + origin,
                "CHROMIUM", System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")),
                Path.of("target/tabs-tests.log").toAbsolutePath(), Duration.ofSeconds(300),
                List.of("--test", "--test-concurrency=1", "tabs.test.mjs"));
        assertTrue(output.contains("# pass 1\n") && output.contains("# fail 0\n") && output.contains("# skipped 0\n"),
                "the tab-sharing test ran and passed:\n" + output);
    }

    /**
     * Issue 28: every metric k8s/monitoring's alerts and dashboard name is exported by the running services (their
     * /q/metrics, on the management port, as Prometheus scrapes them), with the label values the files ask for. One
     * request to each service first: the HTTP server's metrics appear with its first request.
     */
    @Test
    void shouldExportEveryMetricTheDashboardAndAlertsName() throws Exception {
        MonitoringFiles files = MonitoringFiles.load();
        HttpClient http = HttpClient.newHttpClient();
        for (String name : HoldlineSystem.SERVICES) {
            ServiceProcess service = system.first(name);
            http.send(HttpRequest.newBuilder(URI.create(service.url("/api/monitoring-check"))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        // the gauges read from health checks and queues are there once their first reading is done (at start)
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            StringBuilder scraped = new StringBuilder();
            for (String name : HoldlineSystem.SERVICES) {
                ServiceProcess service = system.first(name);
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create(service.managementUrl("/q/metrics"))).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode(), service.managementUrl("/q/metrics"));
                scraped.append(metrics.body()).append('\n');
            }
            Files.writeString(Path.of("target/scraped-metrics.txt"), scraped); // to look into when this fails
            assertEquals(List.of(), files.missingFrom(MonitoringFiles.exported(scraped.toString())),
                    "metrics the alerts and the dashboard name that no service exports");
            // and the system is healthy, so every service reaches every dependency it has
            List<String> down = scraped.toString().lines().filter(l -> l.startsWith("holdline_dependency_up{"))
                    .filter(l -> !l.endsWith(" 1.0")).toList();
            assertEquals(List.of(), down, "dependencies reported down in a healthy system");
        });
    }
}
