package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.gateway.messaging.StreamConsumer;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestInfra;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event that no queue takes is not reported sent. It happens right after RabbitMQ starts, before it has
 * recovered its queues and bindings (the soak run lost chat messages so): here the stream is unbound for a
 * moment instead. The message is refused with 503 and Retry-After, so the client sends it again.
 */
@QuarkusTest
class UnroutableTest {

    @Test
    void shouldAnswer503ForAMessageNoQueueTookAnd202OnceTheStreamTakesItAgain() throws Exception {
        ServiceReady.await();
        String exchange = System.getProperty("holdline.test.exchange");
        String stream = StreamConsumer.QUEUE + System.getProperty("holdline.test.queue-suffix");
        String room = GatewayCalls.room();
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            channel.queueUnbind(stream, exchange, "#");
            try {
                given().header("Authorization", TestTokens.bearer("ursula")).contentType(ContentType.JSON)
                        .body(Map.of("text", "into the void")).post("/api/rooms/" + room + "/messages")
                        .then().statusCode(503).header("Retry-After", notNullValue());
            } finally {
                channel.queueBind(stream, exchange, "#");
            }
        }
        given().header("Authorization", TestTokens.bearer("ursula")).contentType(ContentType.JSON)
                .body(Map.of("text", "heard")).post("/api/rooms/" + room + "/messages").then().statusCode(202);
    }
}
