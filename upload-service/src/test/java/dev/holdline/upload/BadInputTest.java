package dev.holdline.upload;

import dev.holdline.testing.BadInput;
import dev.holdline.testing.BadInput.Endpoint;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Hostile and careless requests to every public endpoint: a clear 4xx each time, never a 500. */
@QuarkusTest
class BadInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldAnswerBadInputWithA4xxNeverA500() {
        BadInput.assertHolds(base, TestTokens.bearer("ops", "admin"),
                new Endpoint("POST", "/api/images"),
                new Endpoint("GET", "/api/images"),
                new Endpoint("GET", "/api/images/{id}"),
                new Endpoint("DELETE", "/api/images/{id}"),
                new Endpoint("GET", "/api/images/{id}/original"),
                new Endpoint("GET", "/api/images/{id}/thumbnails/{size}"));
    }
}
