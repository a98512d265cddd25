package dev.holdline.upload;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The same checks against the packaged application, and what only a packaged build shows. */
@QuarkusIntegrationTest
class ImageResourceIT extends ImageResourceTest {

    @Test
    void shouldLeaveSwaggerUiOutOfThePackagedServiceButKeepItsOpenApiDocument() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
    }
}
