package dev.holdline.leaderboard;

import static io.restassured.RestAssured.given;

import dev.holdline.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** Calls the tests share: a fresh board per test (so no test depends on another), scores, tokens. */
final class Boards {

    static final String ADMIN = TestTokens.bearer("ops", "admin");

    static String create(String sortOrder, String operator, String resetPeriod) {
        String id = "b-" + UUID.randomUUID().toString().substring(0, 12);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", id, "sortOrder", sortOrder,
                "operator", operator));
        if (resetPeriod != null) {
            body.put("resetPeriod", resetPeriod);
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .when().post("/api/leaderboards").then().statusCode(201);
        return id;
    }

    static ValidatableResponse post(String board, String player, Object score) {
        return given().header("Authorization", TestTokens.bearer(player)).contentType(ContentType.JSON)
                .body(Map.of("score", score)).when().post("/api/leaderboards/" + board + "/scores").then();
    }

    /** A user's token whose {@code name} claim is {@code name}, as an identity provider gives it. */
    static String bearerNamed(String user, String name) {
        return "Bearer " + io.smallrye.jwt.build.Jwt.issuer("holdline").audience(TestTokens.AUDIENCE).subject(user)
                .upn(user).claim("name", name).expiresIn(3600).sign();
    }

    static ValidatableResponse top(String board, String query) {
        return given().header("Authorization", TestTokens.bearer("reader"))
                .when().get("/api/leaderboards/" + board + (query.isEmpty() ? "" : "?" + query)).then();
    }

    private Boards() {
    }
}
