package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.OrderPlaced;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Orders name SKUs and quantities; Holdline prices them from its catalogue. */
@QuarkusTest
class OrderResourceTest {

    // a buyer of its own per test: every well-formed order counts against the buyer's allowance
    private final String alice = "alice-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private final String bob = "bob-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    private static RequestSpecification as(String user) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType(ContentType.JSON);
    }

    private static Map<String, Object> order(String currency, Object... skuAndQuantity) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            items.add(Map.of("sku", skuAndQuantity[i], "quantity", skuAndQuantity[i + 1]));
        }
        return Map.of("currency", currency, "items", items);
    }

    @Test
    void shouldPriceAnOrderFromTheCatalogueAndAnnounceItWithThosePrices() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "9.99", "USD", 11));
        String gem = Catalogue.item("Gem", Map.of("EUR", new BigDecimal("0.02")));
        try (EventProbe probe = EventProbe.listen(EventTypes.ORDER_PLACED)) {
            String id = as(alice).body(order("EUR", sword, 2, gem, 1)).post("/api/orders").then().statusCode(201)
                    .body("total", equalTo(20.00f)).body("buyer", equalTo(alice))
                    .body("items[0].unitPrice", equalTo(9.99f)).extract().path("id");

            EventProbe.Received message = probe.await(m -> m.body().contains(id), Duration.ofSeconds(10));
            CloudEvent event = CloudEvent.fromJson(message.body());
            assertEquals("user:" + alice, event.channels());
            assertEquals("leaderboard-service", event.source());
            OrderPlaced placed = event.dataAs(OrderPlaced.class);
            assertEquals(new BigDecimal("20.00"), placed.total(), "exact, with the currency's decimal places");
            assertEquals(new BigDecimal("9.99"), placed.items().get(0).unitPrice());
            assertEquals(new BigDecimal("0.02"), placed.items().get(1).unitPrice());
            assertTrue(message.body().contains("\"total\":20.00"), message.body());
            as(alice).get("/api/orders/" + id).then().statusCode(200).body("items[0].sku", equalTo(sword));
            as(bob).get("/api/orders/" + id).then().statusCode(404);
            as(alice).get("/api/orders").then().statusCode(200).body("items[0].id", equalTo(id));
        }
        as(alice).body(order("USD", sword, 3)).post("/api/orders").then().statusCode(201)
                .body("total", equalTo(33.00f)).body("currency", equalTo("USD"));
    }

    @Test
    void shouldKeepThePricesAnOrderWasPlacedAtWhenTheCatalogueChanges() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "9.99"));
        String id = as(alice).body(order("EUR", sword, 1)).post("/api/orders").then().statusCode(201)
                .extract().path("id");
        given().header("Authorization", Boards.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Sword", "prices", Map.of("EUR", "12.50"))).put("/api/catalogue/" + sword)
                .then().statusCode(200);
        as(alice).body(order("EUR", sword, 1)).post("/api/orders").then().statusCode(201)
                .body("total", equalTo(12.50f));
        as(alice).get("/api/orders/" + id).then().statusCode(200).body("total", equalTo(9.99f));
        given().header("Authorization", Boards.ADMIN).delete("/api/catalogue/" + sword).then().statusCode(204);
        as(alice).body(order("EUR", sword, 1)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].sku"));
        as(alice).get("/api/orders/" + id).then().statusCode(200).body("items[0].unitPrice", equalTo(9.99f));
    }

    /** The issue's input, verbatim: a unitPrice (of a huge exponent) is refused, briefly; sku "a" is not sold. */
    @Test
    void shouldRefuseTheIssuesOrderWithAShortErrorNamingTheField() {
        String body = "{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1E-20000000}]}";
        Response answer = as(alice).body(body).post("/api/orders");
        assertEquals(400, answer.statusCode());
        assertTrue(answer.asByteArray().length <= 4096, "an error of at most 4 KB, got " + answer.asByteArray().length);
        answer.then().contentType(ContentType.JSON).body("error", equalTo("invalid_items[0].unitPrice"))
                .body("detail", startsWith("items[0].unitPrice: prices come from the catalogue"));

        Response unknown = as(alice).body("{\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1}]}")
                .post("/api/orders");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.asByteArray().length <= 4096);
        unknown.then().body("error", equalTo("invalid_items[0].sku"));
    }

    @Test
    void shouldRefuseAUnitPriceEvenWhenItMatchesTheCatalogue() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "9.99"));
        as(alice).body(Map.of("currency", "EUR", "items", List.of(Map.of("sku", sword, "quantity", 1,
                "unitPrice", "9.99")))).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].unitPrice"));
        as(alice).body("{\"currency\":\"EUR\",\"items\":[{\"sku\":\"" + sword + "\",\"quantity\":1,"
                + "\"unitPrice\":null}]}").post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].unitPrice"));
    }

    @Test
    void shouldRefuseACurrencyTheItemIsNotSoldIn() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "9.99"));
        as(alice).body(order("USD", sword, 1)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].sku"))
                .body("detail", equalTo("items[0].sku: this item has no price in USD; it is sold in [EUR]"));
    }

    @Test
    void shouldBoundQuantitiesLinesAndTotals() {
        String dear = Catalogue.item("Castle", Map.of("EUR", "9999.99"));
        String cheap = Catalogue.item("Pebble", Map.of("EUR", "0.01"));
        as(alice).body(order("EUR", cheap, 100)).post("/api/orders").then().statusCode(201)
                .body("total", equalTo(1.00f));
        as(alice).body(order("EUR", cheap, 101)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].quantity"));
        as(alice).body(order("EUR", cheap, 0)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].quantity"));
        for (Object quantity : new Object[] { 1.5, "2", 2147483648L, -1, "lots" }) {
            as(alice).body(Map.of("currency", "EUR", "items", List.of(Map.of("sku", cheap, "quantity", quantity))))
                    .post("/api/orders").then().statusCode(400).body("error", equalTo("invalid_items[0].quantity"));
        }
        as(alice).body(order("EUR", dear, 1, cheap, 2)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items"))
                .body("detail", equalTo("items: the order's total is at most 10000 EUR (orders.max-total)"));
        Object[] lines = new Object[42];
        for (int i = 0; i < lines.length; i += 2) {
            lines[i] = cheap;
            lines[i + 1] = 1;
        }
        as(alice).body(order("EUR", lines)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items"));
    }

    @Test
    void shouldAnswerARetryWithTheFirstResultAndRefuseTheKeyWithAnotherBody() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "4.50"));
        String key = UUID.randomUUID().toString();
        String first = as(alice).header("Idempotency-Key", key).body(order("EUR", sword, 2)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        as(alice).header("Idempotency-Key", key).body(order("EUR", sword, 2)).post("/api/orders").then()
                .statusCode(200).body("id", equalTo(first)).body("total", equalTo(9.00f));
        as(alice).header("Idempotency-Key", key).body(order("EUR", sword, 3)).post("/api/orders").then()
                .statusCode(422).body("error", equalTo("idempotency_key_reused"));
        as(bob).header("Idempotency-Key", key).body(order("EUR", sword, 2)).post("/api/orders").then()
                .statusCode(201).body("buyer", equalTo(bob));
    }

    @Test
    void shouldRefuseOrdersThatAreNotValid() {
        String sword = Catalogue.item("Sword", Map.of("EUR", "9.99"));
        as(alice).body(Map.of("currency", "EUR", "items", List.of())).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items"));
        as(alice).body(Map.of("currency", "EUR")).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items"));
        as(alice).body(order("XYZ", sword, 1)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_currency"));
        as(alice).body(order("XXX", sword, 1)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_currency"));
        as(alice).body(order("EUR", "a b", 1)).post("/api/orders").then().statusCode(400)
                .body("error", equalTo("invalid_items[0].sku"));
        as(alice).body("{\"currency\":\"EUR\",\"items\":[{\"sku\":\"" + sword + "\",\"quantity\":1},null]}")
                .post("/api/orders").then().statusCode(400).body("error", equalTo("invalid_items[1]"));
        as(alice).post("/api/orders").then().statusCode(400).body("error", equalTo("invalid_body"))
                .body("detail", equalTo("body: {currency, items:[{sku, quantity}]} is expected"));
        as(alice).get("/api/orders?size=0").then().statusCode(400).body("error", equalTo("invalid_size"));
        given().contentType(ContentType.JSON).body(order("EUR", sword, 1)).post("/api/orders").then().statusCode(401);
    }
}
