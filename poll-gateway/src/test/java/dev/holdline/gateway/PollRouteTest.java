package dev.holdline.gateway;

import static dev.holdline.gateway.GatewayCalls.parkedOn;
import static dev.holdline.gateway.GatewayCalls.poll;
import static dev.holdline.gateway.GatewayCalls.room;
import static dev.holdline.gateway.GatewayCalls.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.EventTypes;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.testing.ServiceMetrics;
import dev.holdline.testing.ServiceReady;
import dev.holdline.platform.messaging.EventMessage;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.RabbitUsers;
import dev.holdline.testing.TestInfra;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET} and {@code POST /api/poll} ({@code rest/PollRoute}): delivery, parking, paging, gaps, errors. */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class PollRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    private CompletableFuture<HttpResponse<String>> pollAsync(String user, String query) {
        return GatewayCalls.pollAsync(base, user, query);
    }

    @Test
    void shouldDeliverAMessageAndReplayItFromAnOldCursor() {
        String room = room();
        JsonPath idle = poll("alice", "channel=room:" + room + "&timeout=1");
        assertTrue(idle.getBoolean("timedOut"));
        String start = idle.getString("cursor");

        String id = send("bob", room, "hello");

        JsonPath first = poll("alice", "channel=room:" + room + "&cursor=" + start);
        assertEquals(List.of(id), first.getList("events.id"));
        assertEquals("hello", first.getString("events[0].data.text"));
        assertEquals("bob", first.getString("events[0].data.sender"));
        assertEquals(first.getString("cursor"), first.getString("events[0].cursor"));
        assertEquals(false, first.getBoolean("timedOut"));

        JsonPath after = poll("alice", "channel=room:" + room + "&timeout=1&cursor=" + first.getString("cursor"));
        assertTrue(after.getList("events").isEmpty());
        // a response lost on the wire: polling again with the old cursor gives the same events
        assertEquals(List.of(id), poll("alice", "channel=room:" + room + "&cursor=" + start).getList("events.id"));
    }

    @Test
    void shouldHoldAPollUntilAnEventArrives() throws Exception {
        String room = room();
        String now = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        CompletableFuture<HttpResponse<String>> waiting = pollAsync("alice",
                "channel=room:" + room + "&timeout=30&cursor=" + now);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 1);

        send("bob", room, "are you there?");

        HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("are you there?", body.at("/events/0/data/text").asText());
        assertEquals(false, body.get("timedOut").asBoolean());
    }

    @Test
    void shouldReleaseTwoThousandParkedPollsWithOneEvent() throws Exception {
        String room = room();
        String now = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            waiting.add(pollAsync("fan" + i, "channel=room:" + room + "&timeout=60&cursor=" + now));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> parkedOn("room:" + room) == 2000);

        String id = send("bob", room, "everyone!");

        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> done : waiting) {
            assertEquals(200, done.get().statusCode(), done.get().body());
            assertEquals(id, JSON.readTree(done.get().body()).at("/events/0/id").asText());
        }
    }

    @Test
    void shouldForgetAParkedClientThatDisconnects() throws Exception {
        String room = room();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/poll?channel=room:" + room + "&timeout=60 HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + TestTokens.bearer("alice") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 1);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 0);
    }

    @Test
    void shouldCountHowPollsEndInMetrics() throws Exception {
        double gone = metric("holdline_gateway_polls_total{outcome=\"gone\"}");
        double timeouts = metric("holdline_gateway_polls_total{outcome=\"timeout\"}");
        double refused = metric("holdline_gateway_polls_refused_total{status=\"400\"}");
        String room = room();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET /api/poll?channel=room:" + room + "&timeout=60 HTTP/1.1\r\n"
                    + "Host: x\r\nAuthorization: " + TestTokens.bearer("alice") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 1);
            assertTrue(metric("holdline_gateway_polls_parked") >= 1);
        }
        poll("alice", "channel=room:" + room() + "&timeout=1");
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?channel=room:a%20b")
                .then().statusCode(400);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                metric("holdline_gateway_polls_total{outcome=\"gone\"}") > gone);
        assertTrue(metric("holdline_gateway_polls_total{outcome=\"timeout\"}") > timeouts);
        assertTrue(metric("holdline_gateway_polls_refused_total{status=\"400\"}") > refused);
    }

    /** A sample of the Prometheus scrape, 0 when it is not there yet. */
    private static double metric(String series) {
        for (String line : ServiceMetrics.scrape().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void shouldSayGapWhenTheCursorIsOlderThanWhatIsHeld() {
        String room = room();
        String start = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        for (int i = 0; i < 12; i++) { // the test buffer holds 10 per channel
            send("bob", room, "m" + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", TestTokens.bearer("alice")).get("/api/rooms/" + room + "/messages?limit=100")
                .then().extract().jsonPath().getList("messages").size() == 10);
        JsonPath result = poll("alice", "channel=room:" + room + "&cursor=" + start);
        assertTrue(result.getBoolean("gap"));
        assertEquals("m2", result.getString("events[0].data.text"));
        assertEquals(10, result.getList("events").size());
    }

    @Test
    void shouldPageWithHasMore() {
        String room = room();
        String start = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        for (int i = 0; i < 3; i++) {
            send("bob", room, "p" + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll("alice",
                "channel=room:" + room + "&cursor=" + start).getList("events").size() == 3);
        JsonPath page = poll("alice", "channel=room:" + room + "&limit=2&cursor=" + start);
        assertTrue(page.getBoolean("hasMore"));
        JsonPath rest = poll("alice", "channel=room:" + room + "&limit=2&cursor=" + page.getString("cursor"));
        assertEquals(false, rest.getBoolean("hasMore"));
        assertEquals("p2", rest.getString("events[0].data.text"));
    }

    @Test
    void shouldTakeTheSeedsTopicsAndSinceShape() {
        String room = room();
        String start = poll("alice", "channel=room:" + room + "&timeout=1").getString("cursor");
        send("bob", room, "seed");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("topics", List.of("room:" + room), "since", Map.of("room:" + room, start), "timeout", 1))
                .post("/api/poll").then().statusCode(200).extract().jsonPath().getList("events").size() == 1);
    }

    @Test
    void shouldAuthorizeEveryChannel() {
        long image = GatewayCalls.imageId();
        try (EventProbe probe = EventProbe.listen("none")) {
            probe.publish(GatewayCalls.imageEvent(EventTypes.IMAGE_UPLOADED, image, ImageStatus.PENDING));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", TestTokens.bearer("alice"))
                .get("/api/poll?timeout=1&channel=image:" + image).statusCode() == 200);
        String[] allowed = { "user:alice", "room:lobby", "leaderboard:global", "broadcast" };
        for (String channel : allowed) {
            given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?timeout=1&channel=" + channel)
                    .then().statusCode(200);
        }
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?timeout=1&channel=user:bob")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/poll?timeout=1&channel=image:" + image).then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/poll?timeout=1&channel=user:bob")
                .then().statusCode(200);
        given().get("/api/poll?channel=broadcast").then().statusCode(401);
    }

    @Test
    void shouldLearnAnImagesOwnerFromUploadServiceOnly() throws Exception {
        long forged = GatewayCalls.imageId();
        long impersonated = GatewayCalls.imageId();
        long replayed = GatewayCalls.imageId();
        long marker = GatewayCalls.imageId();
        String exchange = System.getProperty("holdline.test.exchange");
        // a user with upload-service's permissions that is not the publisher this gateway trusts
        String imposter = "imposter-" + marker;
        Map<String, String> login = RabbitUsers.create(imposter, "upload-service", exchange);
        // and one with leaderboard-service's: RabbitMQ does not even take an image event from it
        String outsider = "outsider-" + marker;
        Map<String, String> outsiderLogin = RabbitUsers.create(outsider, "leaderboard-service", exchange);
        try (EventProbe probe = EventProbe.listen("none");
                com.rabbitmq.client.Connection other = TestInfra.rabbit(imposter, login.get("rabbitmq-password"));
                com.rabbitmq.client.Connection third = TestInfra.rabbit(outsider, outsiderLogin.get("rabbitmq-password"))) {
            probe.publish(CloudEvent.create("leaderboard-service", EventTypes.IMAGE_COMPLETED, "images/" + forged,
                    List.of(Channels.image(forged)), new ImageEventData(forged, "mallory", ImageStatus.COMPLETED,
                            "image/jpeg", null, null)));
            // says it is upload-service, but RabbitMQ knows another user published it
            EventMessage claim = EventMessage.of(CloudEvent.create("upload-service", EventTypes.IMAGE_COMPLETED,
                    "images/" + impersonated, List.of(Channels.image(impersonated)), new ImageEventData(impersonated,
                            "mallory", ImageStatus.COMPLETED, "image/jpeg", null, null)));
            try (com.rabbitmq.client.Channel channel = other.createChannel()) {
                channel.confirmSelect();
                channel.basicPublish(exchange, claim.routingKey(), claim.properties("upload-service", imposter),
                        claim.body());
                channel.waitForConfirmsOrDie(5000);
            }
            com.rabbitmq.client.Channel refused = third.createChannel();
            refused.confirmSelect();
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
                refused.basicPublish(exchange, claim.routingKey(), claim.properties("upload-service", outsider),
                        claim.body());
                refused.waitForConfirmsOrDie(5000);
            }, "another service may not publish image events at all (topic permission)");
            // the trusted publisher's message, but a dead-lettered copy: someone else's queue put it back
            EventMessage copy = EventMessage.of(CloudEvent.create("upload-service", EventTypes.IMAGE_COMPLETED,
                    "images/" + replayed, List.of(Channels.image(replayed)), new ImageEventData(replayed,
                            "mallory", ImageStatus.COMPLETED, "image/jpeg", null, null)));
            try (com.rabbitmq.client.Connection admin = TestInfra.rabbit();
                    com.rabbitmq.client.Channel channel = admin.createChannel()) {
                channel.confirmSelect();
                channel.basicPublish(exchange, copy.routingKey(), copy.properties("upload-service", TestInfra.RABBIT_USER)
                        .builder().headers(Map.of("x-first-death-exchange", "elsewhere")).build(), copy.body());
                channel.waitForConfirmsOrDie(5000);
            }
            probe.publish(GatewayCalls.imageEvent(EventTypes.IMAGE_UPLOADED, marker, ImageStatus.PENDING));
        } finally {
            RabbitUsers.delete(imposter);
            RabbitUsers.delete(outsider);
        }
        // the marker came after the forged event on the stream: once it is known, so is what the forged one did
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given()
                .header("Authorization", TestTokens.bearer("alice"))
                .get("/api/poll?timeout=1&channel=image:" + marker).statusCode() == 200);
        // mallory is not the owner: the gateway does not know one and asks upload-service (away in this test)
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/poll?timeout=1&channel=image:" + forged).then().statusCode(503);
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/poll?timeout=1&channel=image:" + impersonated).then().statusCode(503);
        given().header("Authorization", TestTokens.bearer("mallory"))
                .get("/api/poll?timeout=1&channel=image:" + replayed).then().statusCode(503);
    }

    @Test
    void shouldRejectBadInputWith400NamingTheField() {
        String[][] cases = { { "channel=secret:x", "invalid_channel" }, { "timeout=5", "invalid_channel" },
                { "channel=broadcast&timeout=0", "invalid_timeout" }, { "channel=broadcast&timeout=61", "invalid_timeout" },
                { "channel=broadcast&timeout=abc", "invalid_timeout" }, { "channel=broadcast&limit=0", "invalid_limit" },
                { "channel=broadcast&cursor=nonsense", "invalid_cursor" },
                { "channel=room:has%20space", "invalid_channel" } };
        for (String[] c : cases) {
            given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?" + c[0])
                    .then().statusCode(400).body("error", equalTo(c[1]));
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            many.append("channel=room:r").append(i).append('&');
        }
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?" + many)
                .then().statusCode(400).body("error", equalTo("invalid_channel"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON).body("{broken")
                .post("/api/poll").then().statusCode(400).body("error", equalTo("invalid_body"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body(Map.of("channels", List.of("broadcast"), "timeout", 99)).post("/api/poll")
                .then().statusCode(400).body("error", equalTo("invalid_timeout"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.TEXT).body("broadcast")
                .post("/api/poll").then().statusCode(415).body("error", equalTo("unsupported_media_type"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body("{\"channels\":[\"broadcast\"],\"pad\":\"" + "x".repeat(70_000) + "\"}").post("/api/poll")
                .then().statusCode(413).body("error", equalTo("too_large"));
        given().header("Authorization", "Bearer not-a-token").get("/api/poll?channel=broadcast")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("error", equalTo("unauthorized"));
    }

    @Test
    void shouldAnswerANullChannelWith400NamingTheField() {
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body("{\"channels\":[null]}").post("/api/poll")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid_channels"))
                .body("detail", org.hamcrest.Matchers.containsString("channels[0]"));
        given().header("Authorization", TestTokens.bearer("alice")).contentType(ContentType.JSON)
                .body("{\"topics\":[\"broadcast\",null]}").post("/api/poll")
                .then().statusCode(400).body("error", equalTo("invalid_topics"));
    }

    @Test
    void shouldDescribeThePollInOpenApi() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/poll'.get.parameters.name", hasItem("channel"))
                .body("paths.'/api/poll'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/PollRequest"))
                .body("paths.'/api/poll/stats'.get", notNullValue())
                .body("components.responses.TooMany.headers.'Retry-After'", notNullValue())
                .body("components.parameters.Protocol.name", equalTo("Holdline-Protocol"));
    }

    @Test
    void shouldLimitParkedPollsPerUserWith429() throws Exception {
        String room = room();
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(pollAsync("greedy", "channel=room:" + room + "&timeout=60"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parkedOn("room:" + room) == 4);
        given().header("Authorization", TestTokens.bearer("greedy")).get("/api/poll?timeout=5&channel=room:" + room)
                .then().statusCode(429).body("error", equalTo("too_many_requests"))
                .header("Retry-After", "2"); // gateway.poll.busy-retry-after
        send("bob", room, "release");
        for (CompletableFuture<HttpResponse<String>> poll : waiting) {
            HttpResponse<String> released = poll.get(10, TimeUnit.SECONDS);
            assertEquals(200, released.statusCode(), released.body());
            assertEquals("release", JSON.readTree(released.body()).at("/events/0/data/text").asText());
        }
        // the four are answered: the fifth may wait again
        given().header("Authorization", TestTokens.bearer("greedy")).get("/api/poll?timeout=1&channel=room:" + room)
                .then().statusCode(200);
    }
}
