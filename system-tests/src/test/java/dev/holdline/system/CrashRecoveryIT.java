package dev.holdline.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.ServiceProcess;
import dev.holdline.testing.TcpProxy;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.testing.Uploads;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of work, against the packaged services on the real PostgreSQL and RabbitMQ: after a
 * restart nothing accepted is lost and nothing is done twice with different results. (poll-gateway's crash is
 * GatewayReplicasIT's, webhook-dispatcher's DispatcherCrashIT's.)
 */
class CrashRecoveryIT {

    private static final Path KEY = TestTokens.USERS_KEY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<HoldlineTestResource> infra = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Map<String, String>> logins = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (ServiceProcess service : services) {
            service.close();
        }
        for (HoldlineTestResource resource : infra) {
            resource.stop();
        }
    }

    @Test
    void shouldFinishEveryImageWhenTheWorkerIsKilledInTheMiddleOfABatch() throws Exception {
        Map<String, String> config = resource("thumbnail-worker.image-uploaded", false);
        ServiceProcess upload = start("upload-service", "crash-upload-service", config);
        Map<String, String> worker = workerConfig(config, upload);
        ServiceProcess first = start("thumbnail-worker", "crash-thumbnail-worker-1", worker);

        String user = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] photo = TestImages.jpeg(4000, 3000);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(upload(upload, user, photo));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(upload, user, "COMPLETED") >= 1);
        first.kill();
        int finalAtKill = count(upload, user, "COMPLETED") + count(upload, user, "FAILED");
        assertTrue(finalAtKill < ids.size(), "the worker was killed with work left: " + finalAtKill + " final");

        start("thumbnail-worker", "crash-thumbnail-worker-2", worker);
        await().atMost(Duration.ofSeconds(180)).until(() -> count(upload, user, "COMPLETED") == ids.size());
        for (long id : ids) {
            JsonNode image = get(upload, user, "/api/images/" + id);
            assertEquals(3, image.path("thumbnails").size(), "image " + id + " has its three thumbnails, once each");
            assertEquals(4000, image.path("width").asInt());
        }
    }

    @Test
    void shouldPublishEveryAcceptedUploadWhenUploadServiceIsKilledBeforeItsOutboxIsSent() throws Exception {
        Map<String, String> config = resource("", true);
        TcpProxy broker = HoldlineTestResource.rabbitProxy();
        try (EventProbe probe = EventProbe.listen("image.uploaded")) {
            ServiceProcess upload = start("upload-service", "crash-upload-service-1", config);
            String user = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
            byte[] photo = TestImages.jpeg(64, 48);
            Set<Long> accepted = new HashSet<>();
            broker.cut(); // RabbitMQ unreachable: uploads are accepted into the outbox, none can be sent
            try {
                for (int i = 0; i < 40; i++) {
                    accepted.add(upload(upload, user, photo));
                }
                upload.kill();
            } finally {
                broker.restore();
            }
            assertEquals(Set.of(), imagesIn(probe, accepted), "nothing was published before the kill");

            start("upload-service", "crash-upload-service-2", config);
            await().atMost(Duration.ofSeconds(60)).until(() -> imagesIn(probe, accepted).size() == accepted.size());
            Map<Long, Set<String>> eventIds = new HashMap<>();
            for (EventProbe.Received message : probe.received()) {
                JsonNode event = JSON.readTree(message.body());
                eventIds.computeIfAbsent(event.path("data").path("imageId").asLong(), k -> new HashSet<>())
                        .add(event.path("id").asText());
            }
            for (long id : accepted) {
                assertEquals(1, eventIds.get(id).size(), "image " + id + ": a repeat, if any, has the same event id");
            }
            System.out.printf("outbox crash: accepted %d while RabbitMQ was away, published after the restart %d,"
                    + " lost 0, repeats %d (same event id)%n", accepted.size(), imagesIn(probe, accepted).size(),
                    probe.received().size() - accepted.size());
        }
    }

    private static Set<Long> imagesIn(EventProbe probe, Set<Long> accepted) {
        Set<Long> seen = new HashSet<>();
        for (EventProbe.Received message : probe.received()) {
            try {
                long id = JSON.readTree(message.body()).path("data").path("imageId").asLong();
                if (accepted.contains(id)) {
                    seen.add(id);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return seen;
    }

    /** A database and broker names of their own; one user may upload as fast as the test does. */
    private Map<String, String> resource(String queues, boolean rabbitProxy) {
        HoldlineTestResource resource = new HoldlineTestResource();
        resource.init(Map.of("queues", queues, "rabbitProxy", Boolean.toString(rabbitProxy)));
        infra.add(resource);
        Map<String, String> config = new HashMap<>(resource.start());
        config.put("upload.uploads-burst", "1000");
        config.put("upload.uploads-per-minute", "6000");
        return config;
    }

    private static Map<String, String> workerConfig(Map<String, String> config, ServiceProcess upload) {
        Map<String, String> worker = new HashMap<>(config);
        worker.keySet().removeIf(k -> k.startsWith("quarkus.datasource"));
        worker.put("quarkus.rest-client.upload-service.url", upload.url(""));
        worker.put("thumbnail.concurrency", "1");
        return worker;
    }

    /**
     * A packaged service connected as its own RabbitMQ user of the latest run (consumers believe an event only from
     * its type's publisher), made once per service so that a restarted process logs in as the same user.
     */
    private ServiceProcess start(String module, String name, Map<String, String> config) throws Exception {
        Map<String, String> settings = new HashMap<>(config);
        settings.putAll(logins.computeIfAbsent(module, m -> infra.get(infra.size() - 1).rabbitUser(m)));
        ServiceProcess process = ServiceProcess.start(new File("../" + module), name, settings);
        services.add(process);
        return process;
    }

    private static long upload(ServiceProcess upload, String user, byte[] jpeg) throws Exception {
        HttpResponse<String> answer = HTTP.send(Uploads.request(URI.create(upload.url("/api/images")),
                TestTokens.bearer(KEY, user), jpeg), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("id").asLong();
    }

    private static JsonNode get(ServiceProcess upload, String user, String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(upload.url(path)))
                .header("Authorization", TestTokens.bearer(KEY, user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static int count(ServiceProcess upload, String user, String status) throws Exception {
        int found = 0;
        for (JsonNode image : get(upload, user, "/api/images?size=100").path("items")) {
            if (status.equals(image.path("status").asText())) {
                found++;
            }
        }
        return found;
    }
}
