package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Catalogue items the tests order: each test adds its own, under a fresh SKU, as an admin. */
final class Catalogue {

    /** Adds an item priced as given ({@code "EUR", "9.99"}) and answers its SKU. */
    static String item(String name, Map<String, Object> prices) {
        String sku = "sku-" + UUID.randomUUID().toString().substring(0, 12);
        given().header("Authorization", Boards.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "prices", prices)).put("/api/catalogue/" + sku).then().statusCode(201);
        return sku;
    }

    private Catalogue() {
    }
}
