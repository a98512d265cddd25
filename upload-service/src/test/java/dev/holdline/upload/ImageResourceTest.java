package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ImageResourceTest {

    static long upload(String user, byte[] bytes, String fileName) {
        return given().header("Authorization", TestTokens.bearer(user))
                .multiPart("image", fileName, bytes, "application/octet-stream")
                .when().post("/api/images")
                .then().statusCode(202).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldAcceptJpegJudgedByItsBytesAndAnnounceIt() {
        try (EventProbe probe = EventProbe.listen("image.*")) {
            var response = given().header("Authorization", TestTokens.bearer("alice"))
                    .multiPart("image", "holiday.txt", TestImages.jpeg(640, 480), "text/plain")
                    .multiPart("title", "Holiday")
                    .when().post("/api/images")
                    .then().statusCode(202)
                    .body("status", equalTo("PENDING"))
                    .body("statusUrl", containsString("/status?wait=30"))
                    .extract().jsonPath();
            long id = response.getLong("id");
            assertEquals("/api/images/" + id + "/status?wait=30", response.getString("statusUrl"));

            EventProbe.Received message = probe.await(m -> m.body().contains("\"imageId\":" + id + ","),
                    Duration.ofSeconds(10));
            CloudEvent event = CloudEvent.fromJson(message.body());
            assertEquals(EventTypes.IMAGE_UPLOADED, message.routingKey());
            assertEquals(event.id(), message.properties().getMessageId());
            assertEquals("application/cloudevents+json", message.properties().getContentType());
            assertEquals(List.of("user:alice", "image:" + id), event.channelList());
            assertEquals("alice", event.dataAs(ImageEventData.class).owner());

            given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id)
                    .then().statusCode(200).body("status", equalTo("PENDING")).body("title", equalTo("Holiday"))
                    .body("contentType", equalTo("image/jpeg"));
        }
    }

    @Test
    void shouldAnswerAPageWhoseOffsetOverflowsWith400NamingPage() {
        given().header("Authorization", TestTokens.bearer("paula"))
                .get("/api/images?page=2147483647&size=100")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_page")).body("detail", containsString("page"));
        given().header("Authorization", TestTokens.bearer("paula"))
                .get("/api/images?page=" + (Integer.MAX_VALUE / 100 - 1) + "&size=100")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldAnnounceADeletedImageToItsOwnerAndItsChannel() {
        long id = upload("erin", TestImages.jpeg(64, 48), "gone.jpg");
        try (EventProbe probe = EventProbe.listen(EventTypes.IMAGE_DELETED)) {
            given().header("Authorization", TestTokens.bearer("erin")).delete("/api/images/" + id)
                    .then().statusCode(204);

            EventProbe.Received message = probe.await(m -> m.body().contains("\"imageId\":" + id + ","),
                    Duration.ofSeconds(10));
            CloudEvent event = CloudEvent.fromJson(message.body());
            assertEquals(EventTypes.IMAGE_DELETED, message.routingKey());
            assertEquals("upload-service", event.source());
            assertEquals("images/" + id, event.subject());
            assertEquals(List.of("user:erin", "image:" + id), event.channelList());
            ImageEventData data = event.dataAs(ImageEventData.class);
            assertEquals("erin", data.owner());
            assertEquals(ImageStatus.DELETED, data.status());
            given().header("Authorization", TestTokens.bearer("erin")).get("/api/images/" + id)
                    .then().statusCode(404);
        }
    }

    @Test
    void shouldRejectTextUploadWith415() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .multiPart("image", "photo.jpg", "just some text, not a picture".getBytes(), "image/jpeg")
                .when().post("/api/images")
                .then().statusCode(415).body("error", equalTo("unsupported_media_type"))
                .body("detail", containsString("image"));
    }

    @Test
    void shouldRejectOversizeBodyWith413() {
        byte[] big = new byte[6 * 1024 * 1024];
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xd8;
        big[2] = (byte) 0xff;
        given().header("Authorization", TestTokens.bearer("alice"))
                .multiPart("image", "big.jpg", big, "image/jpeg")
                .when().post("/api/images")
                .then().statusCode(413).body("error", equalTo("too_large"));
    }

    @Test
    void shouldRejectUploadWithoutImageFieldWith400NamingIt() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .multiPart("title", "no file")
                .when().post("/api/images")
                .then().statusCode(400).body("error", equalTo("invalid_image"));
    }

    @Test
    void shouldRejectATitleOver200CharactersWith400NamingIt() {
        given().header("Authorization", TestTokens.bearer("alice"))
                .multiPart("image", "a.jpg", TestImages.jpeg(10, 10), "image/jpeg")
                .multiPart("title", "t".repeat(201))
                .when().post("/api/images")
                .then().statusCode(400).body("error", equalTo("invalid_title"))
                .body("detail", equalTo("title: at most 200 characters"));
    }

    @Test
    void shouldRequireTokenWith401() {
        given().multiPart("image", "a.jpg", TestImages.jpeg(10, 10), "image/jpeg")
                .when().post("/api/images")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        given().get("/api/images").then().statusCode(401);
    }

    @Test
    void shouldHideAnotherUsersImageWith404() {
        long id = upload("alice", TestImages.jpeg(32, 32), "a.jpg");
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/images/" + id)
                .then().statusCode(404).body("error", equalTo("not_found"));
        given().header("Authorization", TestTokens.bearer("mallory")).get("/api/images/" + id + "/original")
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer("admin-ann", "admin")).get("/api/images/" + id)
                .then().statusCode(200);
    }

    @Test
    void shouldListOnlyOwnImagesNewestFirst() {
        String user = "lister" + System.nanoTime();
        long first = upload(user, TestImages.jpeg(16, 16), "1.jpg");
        long second = upload(user, TestImages.pngWithAlpha(16, 16), "2.png");
        upload("someone-else", TestImages.jpeg(16, 16), "3.jpg");
        given().header("Authorization", TestTokens.bearer(user)).get("/api/images?size=10")
                .then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(2))
                .body("items[0].id", equalTo((int) second)).body("items[1].id", equalTo((int) first))
                .body("items[0].contentType", equalTo("image/png"));
        given().header("Authorization", TestTokens.bearer(user)).get("/api/images?size=1000")
                .then().statusCode(400).body("error", equalTo("invalid_size"));
    }

    @Test
    void shouldServeTheOriginalToItsOwner() {
        byte[] png = TestImages.pngWithAlpha(20, 10);
        long id = upload("alice", png, "x.png");
        byte[] served = given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/original")
                .then().statusCode(200).contentType("image/png").header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        assertArrayEquals(png, served, "the bytes as uploaded");
    }

    @Test
    void shouldCompleteOnceThroughTheInternalApiAndServeCacheableThumbnails() {
        long id = upload("alice", TestImages.jpeg(300, 200), "p.jpg");
        String service = TestTokens.service("thumbnail-worker", "upload-service");
        byte[] thumb = TestImages.jpeg(128, 85);
        Map<String, Object> completion = Map.of("width", 300, "height", 200, "thumbnails", List.of(Map.of(
                "size", 128, "width", 128, "height", 85, "contentType", "image/jpeg",
                "bytes", Base64.getEncoder().encodeToString(thumb))));

        try (EventProbe probe = EventProbe.listen("image.*")) {
            given().header("Authorization", service).post("/internal/images/" + id + "/processing")
                    .then().statusCode(200).body("status", equalTo("PROCESSING"));
            for (int i = 0; i < 2; i++) { // the second is a redelivery: nothing changes
                given().header("Authorization", service).contentType(ContentType.JSON).body(completion)
                        .put("/internal/images/" + id + "/thumbnails")
                        .then().statusCode(200).body("status", equalTo("COMPLETED"));
            }
            probe.await(m -> m.routingKey().equals(EventTypes.IMAGE_COMPLETED) && m.body().contains("\"imageId\":" + id + ","),
                    Duration.ofSeconds(10));
            probe.await(m -> m.routingKey().equals(EventTypes.IMAGE_PROCESSING), Duration.ofSeconds(10));
            long completions = probe.received().stream()
                    .filter(m -> m.routingKey().equals(EventTypes.IMAGE_COMPLETED)
                            && m.body().contains("\"imageId\":" + id + ","))
                    .count();
            assertEquals(1, completions);
        }

        given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id)
                .then().statusCode(200).body("status", equalTo("COMPLETED")).body("width", equalTo(300))
                .body("thumbnails", hasSize(1))
                .body("thumbnails[0].url", org.hamcrest.Matchers.startsWith("/api/images/" + id + "/thumbnails/128?expires="));
        var served = given().header("Authorization", TestTokens.bearer("alice"))
                .get("/api/images/" + id + "/thumbnails/128")
                .then().statusCode(200).contentType("image/jpeg")
                .header("X-Content-Type-Options", "nosniff")
                .header("ETag", notNullValue())
                .header("Cache-Control", containsString("max-age=31536000"))
                .extract();
        assertEquals(thumb.length, served.asByteArray().length);
        given().header("Authorization", TestTokens.bearer("alice")).header("If-None-Match", served.header("ETag"))
                .get("/api/images/" + id + "/thumbnails/128")
                .then().statusCode(304);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id + "/thumbnails/999")
                .then().statusCode(404);
    }

    @Test
    void shouldServeAThumbnailThroughItsSignedUrlWithoutATokenAndRefuseAForgedOne() {
        long id = upload("alice", TestImages.jpeg(300, 200), "p.jpg");
        String service = TestTokens.service("thumbnail-worker", "upload-service");
        byte[] thumb = TestImages.jpeg(128, 85);
        given().header("Authorization", service).post("/internal/images/" + id + "/processing").then().statusCode(200);
        given().header("Authorization", service).contentType(ContentType.JSON).body(Map.of("width", 300, "height", 200,
                "thumbnails", List.of(Map.of("size", 128, "width", 128, "height", 85, "contentType", "image/jpeg",
                        "bytes", Base64.getEncoder().encodeToString(thumb)))))
                .put("/internal/images/" + id + "/thumbnails").then().statusCode(200);
        String url = given().header("Authorization", TestTokens.bearer("alice")).get("/api/images")
                .then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.id == " + id + " }.thumbnails[0].url");
        String unsigned = "/api/images/" + id + "/thumbnails/128";
        assertTrue(url.startsWith(unsigned + "?expires="), url);

        byte[] served = given().get(url).then().statusCode(200).contentType("image/jpeg")
                .header("Cache-Control", containsString("private")).extract().asByteArray();
        assertArrayEquals(thumb, served);
        given().get(unsigned).then().statusCode(401);
        String expires = url.replaceAll(".*expires=([0-9]+).*", "$1");
        String signature = url.replaceAll(".*signature=", "");
        // the signature names the image, the size and the expiry: none of them can be changed
        given().get("/api/images/" + (id + 1) + "/thumbnails/128?expires=" + expires + "&signature=" + signature)
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().get(unsigned + "?expires=" + (Long.parseLong(expires) + 3600) + "&signature=" + signature)
                .then().statusCode(403);
        given().get(unsigned + "?expires=" + expires + "&signature=" + signature.substring(1) + "A")
                .then().statusCode(403);
        given().get(unsigned + "?expires=1&signature=" + signature).then().statusCode(403);
        given().get(unsigned + "?expires=" + expires).then().statusCode(403);
    }

    @Test
    void shouldKeepTheInternalApiForServices() {
        long id = upload("alice", TestImages.jpeg(16, 16), "a.jpg");
        given().header("Authorization", TestTokens.bearer("alice")).get("/internal/images/" + id + "/original")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().get("/internal/images/" + id).then().statusCode(401);
    }

    @Test
    void shouldFailWithAReasonAndRefuseALateCompletion() {
        long id = upload("alice", TestImages.jpeg(16, 16), "a.jpg");
        String service = TestTokens.service("thumbnail-worker", "upload-service");
        given().header("Authorization", service).contentType(ContentType.JSON)
                .body(Map.of("reason", "the file is not a readable JPEG"))
                .post("/internal/images/" + id + "/failure").then().statusCode(200).body("status", equalTo("FAILED"));
        given().header("Authorization", service).contentType(ContentType.JSON)
                .body(Map.of("thumbnails", List.of(), "reason", "late"))
                .put("/internal/images/" + id + "/thumbnails").then().statusCode(409);
        given().header("Authorization", service).contentType(ContentType.JSON).body("{not json")
                .post("/internal/images/" + id + "/failure").then().statusCode(400);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id)
                .then().body("status", equalTo("FAILED")).body("reason", equalTo("the file is not a readable JPEG"));
    }
}
