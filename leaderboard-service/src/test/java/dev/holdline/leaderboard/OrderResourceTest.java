package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderResourceTest {

    private static final Map<String, Object> ORDER = Map.of("currency", "EUR", "items",
            List.of(Map.of("sku", "sword-1", "quantity", 2, "unitPrice", 9.99), Map.of("sku", "gem", "quantity", 1,
                    "unitPrice", "0.02")));

    private static RequestSpecification as(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType(ContentType.JSON);
    }

    @Test
    void shouldPlaceAnOrderAndAnnounceItWithExactAmounts() {
        try (EventProbe probe = EventProbe.listen(EventTypes.ORDER_PLACED)) {
            String id = as("alice").body(ORDER).post("/api/orders").then().statusCode(201)
                    .body("total", equalTo(20.00f)).body("buyer", equalTo("alice")).extract().path("id");

            EventProbe.Received message = probe.await(m -> m.body().contains(id), Duration.ofSeconds(10));
            CloudEvent event = CloudEvent.fromJson(message.body());
            assertEquals("user:alice", event.channels());
            assertEquals("leaderboard-service", event.source());
            OrderPlaced placed = event.dataAs(OrderPlaced.class);
            assertEquals(0, new BigDecimal("20.00").compareTo(placed.total()));
            assertEquals(0, new BigDecimal("0.02").compareTo(placed.items().get(1).unitPrice()));
            as("alice").get("/api/orders/" + id).then().statusCode(200).body("items[0].sku", equalTo("sword-1"));
            as("bob").get("/api/orders/" + id).then().statusCode(404);
            as("alice").get("/api/orders").then().statusCode(200).body("items[0].id", equalTo(id));
        }
    }

    @Test
    void shouldAnswerARetryWithTheFirstResultAndRefuseTheKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        String first = as("alice").header("Idempotency-Key", key).body(ORDER).post("/api/orders").then()
                .statusCode(201).extract().path("id");
        as("alice").header("Idempotency-Key", key).body(ORDER).post("/api/orders").then().statusCode(200)
                .body("id", equalTo(first));
        as("alice").header("Idempotency-Key", key).body(Map.of("currency", "EUR", "items",
                List.of(Map.of("sku", "other", "quantity", 1, "unitPrice", 1)))).post("/api/orders").then()
                .statusCode(422).body("error", equalTo("idempotency_key_reused"));
        as("bob").header("Idempotency-Key", key).body(ORDER).post("/api/orders").then().statusCode(201)
                .body("buyer", equalTo("bob"));
    }

    @Test
    void shouldRefuseOrdersThatAreNotValid() {
        as("alice").body(Map.of("currency", "EUR", "items", List.of())).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items"));
        as("alice").body(Map.of("currency", "XYZ", "items", List.of(Map.of("sku", "a", "quantity", 1,
                "unitPrice", 1)))).post("/api/orders").then().statusCode(400).body("error", equalTo("invalid_currency"));
        as("alice").body(Map.of("currency", "EUR", "items", List.of(Map.of("sku", "a", "quantity", 0,
                "unitPrice", 1)))).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].quantity"));
        as("alice").body(Map.of("currency", "EUR", "items", List.of(Map.of("sku", "a", "quantity", 1,
                "unitPrice", "1.001")))).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].unitPrice"));
        as("alice").body(Map.of("currency", "JPY", "items", List.of(Map.of("sku", "a", "quantity", 1,
                "unitPrice", "1.5")))).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].unitPrice"));
        as("alice").body(Map.of("currency", "EUR", "items", List.of(Map.of("sku", "a b", "quantity", 1,
                "unitPrice", 1)))).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].sku"));
        as("alice").body("{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":\"lots\",\"unitPrice\":1}]}")
                .post("/api/orders").then().statusCode(400);
        as("alice").get("/api/orders?size=0").then().statusCode(400).body("error", equalTo("invalid_size"));
        given().contentType(ContentType.JSON).body(ORDER).post("/api/orders").then().statusCode(401);
    }
}
