package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import dev.holdline.upload.repository.ImageRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImageSweeperTest {

    @Inject
    ImageRepository images;

    /** As if nothing had happened to the image for an hour (a lost message, a crashed worker). */
    private void leaveUnfinishedForAnHour(long id, int attempts) {
        QuarkusTransaction.requiringNew().run(() -> images.update("updatedAt = ?1, attempts = ?2 where id = ?3",
                Instant.now().minus(Duration.ofHours(1)), attempts, id));
    }

    @Test
    void shouldAskAgainForAnImageLeftPendingTooLong() {
        long id = ImageResourceTest.upload("sweep-user", TestImages.jpeg(32, 32), "s.jpg");
        try (EventProbe probe = EventProbe.listen(EventTypes.IMAGE_UPLOADED)) {
            leaveUnfinishedForAnHour(id, 1);
            probe.await(m -> m.body().contains("\"imageId\":" + id + ","), Duration.ofSeconds(15));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> images.findById(id).attempts) == 2);
    }

    @Test
    void shouldFailAnImageAskedForTooOften() {
        long id = ImageResourceTest.upload("sweep-user", TestImages.jpeg(32, 32), "s.jpg");
        try (EventProbe probe = EventProbe.listen(EventTypes.IMAGE_FAILED)) {
            leaveUnfinishedForAnHour(id, 4);
            probe.await(m -> m.body().contains("\"imageId\":" + id + ","), Duration.ofSeconds(15));
        }
        given().header("Authorization", TestTokens.bearer("sweep-user")).get("/api/images/" + id)
                .then().statusCode(200).body("status", equalTo("FAILED"))
                .body("reason", containsString("did not finish after 4 attempts"));
    }
}
