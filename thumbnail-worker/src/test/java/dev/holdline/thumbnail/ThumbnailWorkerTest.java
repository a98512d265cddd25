package dev.holdline.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.ThumbnailUpload;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestInfra;
import dev.holdline.platform.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ThumbnailWorkerTest {

    private static final AtomicLong IDS = new AtomicLong(new Random().nextInt(1_000_000) * 1000L);

    private EventProbe broker;

    @BeforeEach
    void connect() {
        broker = EventProbe.listen("test.unused");
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    private FakeUploadService.StoredImage uploaded(long id, byte[] bytes) {
        FakeUploadService.StoredImage image = FakeUploadService.get().put(id, bytes);
        broker.publish(uploadedEvent(id));
        return image;
    }

    static CloudEvent uploadedEvent(long id) {
        return CloudEvent.create("upload-service", EventTypes.IMAGE_UPLOADED, "images/" + id,
                List.of(Channels.user("alice"), Channels.image(id)),
                new ImageEventData(id, "alice", ImageStatus.PENDING, "image/jpeg", null, null));
    }

    /** What the worker asked upload-service about image {@code id}, as "METHOD action", in order. */
    private static List<String> callsFor(long id) {
        String prefix = "/internal/images/" + id + "/";
        return FakeUploadService.get().server().received().stream().filter(r -> r.path().startsWith(prefix))
                .map(r -> r.method() + " " + r.path().substring(prefix.length())).toList();
    }

    static Completion awaitCompletion(FakeUploadService.StoredImage image) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !image.completions.isEmpty());
        return image.completions.get(0);
    }

    private static BufferedImage decode(ThumbnailUpload thumbnail) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertNotNull(image, "thumbnail " + thumbnail.size() + " decodes");
        assertEquals(thumbnail.width(), image.getWidth());
        assertEquals(thumbnail.height(), image.getHeight());
        return image;
    }

    @Test
    void shouldStoreThreeUprightThumbnailsOfAPhotoThroughUploadService() throws IOException {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(4000, 3000));

        Completion done = awaitCompletion(image);

        assertEquals(4000, done.width());
        assertEquals(3000, done.height());
        assertEquals(List.of(128, 256, 512), done.thumbnails().stream().map(ThumbnailUpload::size).toList());
        for (ThumbnailUpload t : done.thumbnails()) {
            assertEquals("image/jpeg", t.contentType());
            assertEquals(t.size(), decode(t).getWidth());
        }
        assertEquals(ImageStatus.COMPLETED, image.status);
        assertEquals(List.of("POST processing", "GET original", "PUT thumbnails"), callsFor(id),
                "three calls: take the image, fetch the original, store the outcome");
    }

    @Test
    void shouldCallUploadServiceInTheTraceOfTheUploadThatPublishedTheEvent() {
        long id = IDS.incrementAndGet();
        // upload-service's POST /api/images, whose outbox publish carries its traceparent
        // (a span context of the test's own, not a tracer's)
        java.util.HexFormat hex = java.util.HexFormat.of();
        java.security.SecureRandom random = new java.security.SecureRandom();
        Span upload = Span.wrap(SpanContext.create(hex.formatHex(random.generateSeed(16)),
                hex.formatHex(random.generateSeed(8)), TraceFlags.getSampled(), TraceState.getDefault()));
        FakeUploadService.StoredImage image;
        try (Scope scope = upload.makeCurrent()) {
            image = uploaded(id, TestImages.jpeg(64, 64));
        }

        awaitCompletion(image);

        String prefix = "/internal/images/" + id + "/";
        List<LoopbackHttpServer.Request> calls = FakeUploadService.get().server().received().stream()
                .filter(r -> r.path().startsWith(prefix)).toList();
        assertEquals(3, calls.size());
        for (LoopbackHttpServer.Request call : calls) {
            TraceContext sent = TraceContext.of(call.header("traceparent"), call.header("tracestate"));
            assertNotNull(sent, call.method() + " " + call.path() + " carries a traceparent");
            assertEquals(upload.getSpanContext().getTraceId(), sent.traceId(),
                    call.method() + " " + call.path() + " continues the upload's trace");
        }
    }

    @Test
    void shouldReportACorruptJpegAsFailedWithAReason() {
        byte[] corrupt = new byte[4000];
        new Random(7).nextBytes(corrupt);
        corrupt[0] = (byte) 0xff;
        corrupt[1] = (byte) 0xd8;
        corrupt[2] = (byte) 0xff;
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, corrupt);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !image.failures.isEmpty());

        assertEquals(ImageStatus.FAILED, image.status);
        assertTrue(image.failures.get(0).reason().contains("corrupt"), image.failures.get(0).reason());
        assertTrue(image.completions.isEmpty());
    }

    @Test
    void shouldNotMakeASecondSetOfThumbnailsOnRedelivery() {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(300, 300));
        awaitCompletion(image);

        broker.publish(uploadedEvent(id));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> callsFor(id).stream().filter("POST processing"::equals).count() == 2);

        assertEquals(1, image.completions.size());
    }

    @Test
    void shouldRetryWhileUploadServiceIsAwayThenComplete() {
        long id = IDS.incrementAndGet();
        LoopbackHttpServer fake = FakeUploadService.get().server();
        int refusedBefore = fake.refusedWhileAway();
        fake.unavailableFor(3);
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(64, 64));

        awaitCompletion(image);

        assertTrue(fake.refusedWhileAway() - refusedBefore >= 3);
    }

    @Test
    void shouldParkAnUnreadableMessageInTheDeadLetterQueue() throws Exception {
        String marker = "not-an-event-" + IDS.incrementAndGet();
        broker.publishRaw(EventTypes.IMAGE_UPLOADED, "{\"oops\":\"" + marker + "\"}");
        String dlq = "thumbnail-worker.image-uploaded" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                GetResponse parked = channel.basicGet(dlq, true);
                return parked != null && new String(parked.getBody(), StandardCharsets.UTF_8).contains(marker);
            });
        }
    }

    @Test
    void shouldDeadLetterAnImageUploadedThatUploadServiceDidNotPublish() throws Exception {
        long id = IDS.incrementAndGet();
        FakeUploadService.get().put(id, TestImages.jpeg(64, 64));
        CloudEvent event = uploadedEvent(id);
        // the broker's administrator, not upload-service's user: no user_id says upload-service sent it
        broker.publishRaw(EventTypes.IMAGE_UPLOADED, event.toJson());
        String dlq = "thumbnail-worker.image-uploaded" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                GetResponse parked = channel.basicGet(dlq, true);
                return parked != null && new String(parked.getBody(), StandardCharsets.UTF_8).contains(event.id());
            });
        }
        assertEquals(List.of(), callsFor(id), "the worker did not act on it");
    }
}
