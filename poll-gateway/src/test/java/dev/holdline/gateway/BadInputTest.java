package dev.holdline.gateway;

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
                new Endpoint("GET", "/api/poll"),
                new Endpoint("POST", "/api/poll/disconnect"),
                new Endpoint("GET", "/api/poll/stats"),
                new Endpoint("GET", "/api/images/{id}/status"),
                new Endpoint("POST", "/api/rooms/{room}/messages"),
                new Endpoint("GET", "/api/rooms/{room}/messages"),
                new Endpoint("GET", "/api/rooms/{room}/presence"),
                new Endpoint("POST", "/api/rooms/{room}/typing"),
                new Endpoint("POST", "/api/rooms/{room}/read"),
                new Endpoint("POST", "/api/dev/login"),
                new Endpoint("POST", "/api/notifications"));
    }
}
