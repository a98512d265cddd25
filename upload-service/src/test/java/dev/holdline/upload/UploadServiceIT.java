package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The smoke test of the packaged service: it starts, is ready, takes an upload; and what only a package shows. */
@QuarkusIntegrationTest
class UploadServiceIT {

    @Test
    void shouldStartReadyAndAcceptAnUpload() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        long id = ImageResourceTest.upload("alice", TestImages.jpeg(64, 48), "smoke.jpg");
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/images/" + id)
                .then().statusCode(200).body("contentType", equalTo("image/jpeg"));
    }

    @Test
    void shouldLeaveSwaggerUiOutOfThePackagedServiceButKeepItsOpenApiDocument() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
    }
}
