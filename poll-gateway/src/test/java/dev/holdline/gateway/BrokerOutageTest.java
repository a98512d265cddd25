package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.poll;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.HoldlineTestResource;
import dev.holdline.testing.TcpProxy;
import dev.holdline.testing.TestTokens;
import io.restassured.http.ContentType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ away and back: the gateway stays ready (a broker blip must not take the web app off the Ingress) and
 * live, says it is not connected, answers what needs the broker with 503, and resumes reading without loss or
 * repeat.
 */
@QuarkusTest
class BrokerOutageTest {

    @Inject
    MeterRegistry meters;

    private static CloudEvent said(String room, String text) {
        return CloudEvent.create("poll-gateway", EventTypes.CHAT_MESSAGE, "rooms/" + room,
                List.of(Channels.room(room)), Map.of("room", room, "user", "bob", "text", text));
    }

    @Test
    void shouldResumeTheStreamAfterTheLastEventAfterABrokerOutage() {
        String room = GatewayCalls.room();
        String channel = "channel=room:" + room;
        TcpProxy broker = HoldlineTestResource.rabbitProxy();
        try (EventProbe probe = EventProbe.listen("nothing")) {
            String start = poll("alice", channel + "&timeout=1").getString("cursor");
            CloudEvent before = said(room, "before");
            probe.publish(before);
            // chat messages only: alice's poll made her present in the room (presence.changed, on the same channel)
            String messages = "events.findAll { it.type == 'chat.message' }.id";
            await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice", channel + "&timeout=1&cursor=" + start)
                    .getList(messages).contains(before.id()));
            JsonPath first = poll("alice", channel + "&timeout=1&cursor=" + start);
            assertEquals(List.of(before.id()), first.getList(messages));
            String cursor = first.getString("cursor");

            broker.cut();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !connected());
                // what an operator's alert sees (k8s/monitoring): the broker down, read from the health check
                await().atMost(Duration.ofSeconds(20)).until(() -> rabbitmqUp() == 0);
                assertEquals(200, given().get("/q/health/ready").statusCode(), "a broker outage does not unready it");
                assertEquals(200, given().get("/q/health/live").statusCode(), "a broker outage is not a reason to restart");
                given().header("Authorization", TestTokens.bearer("bob")).contentType(ContentType.JSON)
                        .body(Map.of("text", "while away")).post("/api/rooms/" + room + "/messages")
                        .then().statusCode(503).header("Retry-After", "5").body("error", equalTo("unavailable"));
                // said while this replica could not read: RabbitMQ keeps it in the stream
                CloudEvent during1 = said(room, "during 1");
                CloudEvent during2 = said(room, "during 2");
                probe.publish(during1);
                probe.publish(during2);
                broker.restore();
                await().atMost(Duration.ofSeconds(30)).until(BrokerOutageTest::connected);
                await().atMost(Duration.ofSeconds(20)).until(() -> rabbitmqUp() == 1);

                // bob's try while the broker was away made him present (presence.changed): chat messages only
                await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice", channel + "&timeout=1&cursor=" + cursor)
                        .getList(messages).size() >= 2);
                JsonPath resumed = poll("alice", channel + "&timeout=1&cursor=" + cursor);
                assertEquals(List.of(during1.id(), during2.id()), resumed.getList(messages),
                        "each event said during the outage once, in order, and nothing said before it again");
                assertFalse(resumed.getBoolean("gap"));
            } finally {
                broker.restore();
            }
        }
    }

    /** holdline_dependency_up{dependency="rabbitmq"}; -1 before its first reading. */
    private double rabbitmqUp() {
        var gauge = meters.find("holdline.dependency.up").tag("dependency", "rabbitmq").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    /** What readiness says of the stream consumer (stream-caught-up's data). */
    private static boolean connected() {
        return given().get("/q/health/ready").jsonPath().getBoolean("checks.find { it.name == 'stream-caught-up' }.data.connected");
    }
}
