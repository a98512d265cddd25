package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TcpProxy;
import dev.holdline.testing.TestImages;
import dev.holdline.outbox.OutboxRelay;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxTest {

    @Inject
    OutboxRelay relay;

    @Test
    void shouldAcceptUploadsWhileRabbitMqIsUnreachableAndPublishThemWhenItIsBack() {
        TcpProxy broker = HoldlineTestResource.rabbitProxy();
        try (EventProbe probe = EventProbe.listen(EventTypes.IMAGE_UPLOADED)) {
            List<Long> ids = new ArrayList<>();
            broker.cut();
            try {
                for (int i = 0; i < 3; i++) {
                    ids.add(ImageResourceTest.upload("offline-user", TestImages.jpeg(64, 48), "o.jpg"));
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.unsentCount() >= 3);
                given().get("/q/health/ready").then().statusCode(200);
                given().get("/q/health/well").then().statusCode(503).body("checks[0].name",
                        equalTo("rabbitmq-outbox"));
                assertTrue(probe.received().stream().noneMatch(m -> ids.stream()
                        .anyMatch(id -> m.body().contains("\"imageId\":" + id + ","))), "nothing published yet");
            } finally {
                broker.restore();
            }
            for (long id : ids) {
                probe.await(m -> m.body().contains("\"imageId\":" + id + ","), Duration.ofSeconds(20));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.unsentCount() == 0);
        }
    }
}
