package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The catalogue: signed-in users read it, admins change it, and every price is checked by currency. */
@QuarkusTest
class CatalogueResourceTest {

    private static RequestSpecification admin() {
        return given().header("Authorization", Boards.ADMIN).contentType(ContentType.JSON);
    }

    private static String sku() {
        return "sku-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Test
    void shouldLetAdminsAddChangeAndRemoveItemsThatUsersRead() {
        String sku = sku();
        admin().body(Map.of("name", "Gold skin", "prices", Map.of("EUR", "4.99", "JPY", 800, "USD", "5.5")))
                .put("/api/catalogue/" + sku).then().statusCode(201).header("Location", endsWith("/api/catalogue/" + sku))
                .body("sku", equalTo(sku)).body("prices.EUR", equalTo(4.99f)).body("prices.JPY", equalTo(800))
                .body("prices.USD", equalTo(5.50f));
        String listed = given().header("Authorization", TestTokens.bearer("alice")).get("/api/catalogue").then()
                .statusCode(200).body("items.sku", hasItem(sku)).extract().asString();
        assertTrue(listed.contains("\"USD\":5.50"), "prices carry their currency's decimal places: " + listed);

        admin().body(Map.of("name", "Golden skin", "prices", Map.of("EUR", "3.99"))).put("/api/catalogue/" + sku)
                .then().statusCode(200).body("name", equalTo("Golden skin")).body("prices.USD", equalTo(null));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("name", "Free", "prices", Map.of("EUR", 0))).put("/api/catalogue/" + sku).then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).delete("/api/catalogue/" + sku).then()
                .statusCode(403);
        given().get("/api/catalogue").then().statusCode(401);

        admin().delete("/api/catalogue/" + sku).then().statusCode(204);
        admin().delete("/api/catalogue/" + sku).then().statusCode(404);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/catalogue").then()
                .body("items.sku", not(hasItem(sku)));
    }

    @Test
    void shouldRefuseAPriceThatIsNegativeTooLargeOrFinerThanItsCurrency() {
        String sku = sku();
        Map<String, Object> refused = Map.of("1.001", "prices.EUR", "-1", "prices.EUR", "10000.01", "prices.EUR",
                "1E+2000000000", "prices.EUR", "1E-20000000", "prices.EUR");
        for (Map.Entry<String, Object> bad : refused.entrySet()) {
            Response answer = admin().body("{\"name\":\"X\",\"prices\":{\"EUR\":" + bad.getKey() + "}}")
                    .put("/api/catalogue/" + sku);
            assertEquals(400, answer.statusCode(), bad.getKey() + ": " + answer.asString());
            assertEquals("invalid_" + bad.getValue(), answer.path("error"), bad.getKey());
            assertTrue(answer.asByteArray().length <= 4096, bad.getKey() + ": an error of at most 4 KB");
        }
        admin().body("{\"name\":\"X\",\"prices\":{\"JPY\":1.5}}").put("/api/catalogue/" + sku).then().statusCode(400)
                .body("error", equalTo("invalid_prices.JPY"));
        admin().body("{\"name\":\"X\",\"prices\":{\"EUR\":4.9900}}").put("/api/catalogue/" + sku).then()
                .statusCode(201).body("prices.EUR", equalTo(4.99f));
        admin().body("{\"name\":\"X\",\"prices\":{\"eur\":1}}").put("/api/catalogue/" + sku).then().statusCode(400)
                .body("error", equalTo("invalid_prices"));
        admin().body("{\"name\":\"X\",\"prices\":{}}").put("/api/catalogue/" + sku).then().statusCode(400)
                .body("error", equalTo("invalid_prices"));
        admin().body("{\"name\":\"X\",\"prices\":{\"EUR\":null}}").put("/api/catalogue/" + sku).then().statusCode(400)
                .body("error", equalTo("invalid_prices.EUR"));
        admin().body("{\"name\":\"X\u202Ey\",\"prices\":{\"EUR\":1}}").put("/api/catalogue/" + sku).then()
                .statusCode(400).body("error", equalTo("invalid_name"));
        admin().body("{\"prices\":{\"EUR\":1}}").put("/api/catalogue/" + sku).then().statusCode(400)
                .body("error", equalTo("invalid_name"));
        admin().body("{\"name\":\"X\",\"prices\":{\"EUR\":1}}").put("/api/catalogue/a%20b").then().statusCode(400)
                .body("error", equalTo("invalid_sku"));
        admin().delete("/api/catalogue/" + sku).then().statusCode(204);
    }
}
