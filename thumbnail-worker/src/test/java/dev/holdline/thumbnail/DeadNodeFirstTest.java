package dev.holdline.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.testing.DeadNodesFirst;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The RabbitMQ connector's path with {@code rabbitmq-addresses} listing three nodes, the first two of them dead
 * (ports on 127.0.0.1 nothing listens on): the worker's channel connects through the live one, declares its quorum
 * queue there and takes an {@code image.uploaded} to COMPLETED.
 */
@QuarkusTest
@TestProfile(DeadNodesFirst.class)
class DeadNodeFirstTest {

    @Test
    void shouldTakeAnImageToCompletedThroughTheOneLiveAddressOfThree() {
        long id = 9_000_000_000L + new Random().nextInt(1_000_000);
        FakeUploadService.StoredImage image = FakeUploadService.get().put(id, TestImages.jpeg(64, 64));
        try (EventProbe broker = EventProbe.listen("test.unused")) {
            broker.publish(CloudEvent.create("upload-service", EventTypes.IMAGE_UPLOADED, "images/" + id,
                    List.of(Channels.user("alice"), Channels.image(id)),
                    new ImageEventData(id, "alice", ImageStatus.PENDING, "image/jpeg", null, null)));

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !image.completions.isEmpty());
        }
        assertEquals(ImageStatus.COMPLETED, image.status);
    }
}
