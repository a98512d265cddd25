package dev.holdline.webhooks;

import dev.holdline.testing.BadInput;
import dev.holdline.testing.BadInput.Endpoint;
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
        BadInput.assertHolds(base, Webhooks.admin(),
                new Endpoint("POST", "/api/webhooks/subscriptions"),
                new Endpoint("GET", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("PATCH", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("DELETE", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("POST", "/api/webhooks/subscriptions/{id}/recover"),
                new Endpoint("POST", "/api/webhooks/subscriptions/{id}/test"),
                new Endpoint("GET", "/api/webhooks/deliveries"),
                new Endpoint("GET", "/api/webhooks/deliveries/{id}/attempts"),
                new Endpoint("POST", "/api/webhooks/deliveries/{id}/retry"));
    }
}
