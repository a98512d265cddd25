package dev.holdline.thumbnail;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.ThumbnailUpload;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestImages;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The smoke test of the packaged worker: it starts, is ready, and thumbnails one uploaded image. */
@QuarkusIntegrationTest
class ThumbnailWorkerIT {

    @Test
    void shouldStartReadyAndThumbnailAnUploadedImage() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        long id = System.nanoTime();
        FakeUploadService.StoredImage image = FakeUploadService.get().put(id, TestImages.jpeg(800, 600));
        try (EventProbe broker = EventProbe.listen("test.unused")) {
            broker.publish(ThumbnailWorkerTest.uploadedEvent(id));
            Completion done = ThumbnailWorkerTest.awaitCompletion(image);
            assertEquals(List.of(128, 256, 512), done.thumbnails().stream().map(ThumbnailUpload::size).toList());
        }
        assertEquals(ImageStatus.COMPLETED, image.status);
    }
}
