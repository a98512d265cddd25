package dev.holdline.gateway;

import static io.restassured.RestAssured.given;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** The calls the @QuarkusTest classes make of the gateway under test. */
final class GatewayCalls {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A room name no other test uses. */
    static String room() {
        return "room" + IDS.incrementAndGet();
    }

    /** {@code GET /api/poll?query} as {@code user}; must answer 200. */
    static JsonPath poll(String user, String query) {
        return given().header("Authorization", TestTokens.bearer(user)).get("/api/poll?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    /** A poll that may wait, answered later; {@code base} is the gateway's URL. */
    static CompletableFuture<HttpResponse<String>> pollAsync(URL base, String user, String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/poll?" + query))
                .header("Authorization", TestTokens.bearer(user)).timeout(Duration.ofSeconds(60)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Says {@code text} in {@code room} as {@code user}; must answer 202. The message's id. */
    static String send(String user, String room, String text) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/rooms/" + room + "/messages")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    /** Polls parked on one channel, from the stats: unlike the total, not moved by other tests' polls. */
    static int parkedOn(String channel) {
        Map<String, Integer> perChannel = given().header("Authorization", TestTokens.bearer("ops", "admin"))
                .get("/api/poll/stats").then().statusCode(200).extract().jsonPath()
                .getMap("waitersPerChannel", String.class, Integer.class);
        return perChannel.getOrDefault(channel, 0);
    }

    /** An event of alice's image {@code id}, as upload-service publishes it. */
    static CloudEvent imageEvent(String type, long id, ImageStatus status) {
        return CloudEvent.create("upload-service", type, "images/" + id,
                List.of(Channels.user("alice"), Channels.image(id)),
                new ImageEventData(id, "alice", status, "image/jpeg", null, null));
    }

    /** A fresh image id for alice. */
    static long imageId() {
        return IDS.incrementAndGet();
    }

    private GatewayCalls() {
    }
}
