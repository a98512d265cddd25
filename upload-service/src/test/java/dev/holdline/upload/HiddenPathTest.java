package dev.holdline.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A path that hides another (as a proxy would route it by its decoded form) never reaches a resource. */
@QuarkusTest
class HiddenPathTest {

    @Test
    void shouldRefuseEncodedSlashesMatrixParametersAndDotSegmentsWith400() {
        for (String path : List.of("/internal/images/1;x%2F..%2F..%2Fapi%2Fimages", "/api/images;x/1",
                "/api/images/1%2Foriginal", "/api/images/1%5Coriginal", "/api/images/%2e%2e/x", "/api/images/../internal",
                "/q/health/group/x/..%2F..%2Fready")) {
            given().urlEncodingEnabled(false).header("Authorization", TestTokens.service("thumbnail-worker", "upload-service"))
                    .get(path).then().statusCode(400).body("error", equalTo("invalid_path"));
        }
        given().urlEncodingEnabled(false).header("Authorization", TestTokens.bearer("alice"))
                .get("/api/images?size=2&note=a;b%2Fc").then().statusCode(200); // the query is not the guard's
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/images").then().statusCode(200);
    }
}
