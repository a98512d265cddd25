package dev.holdline.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.BadInput;
import dev.holdline.testing.BadInput.Endpoint;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile and careless requests to every public endpoint: a clear 4xx each time, never a 500. */
@QuarkusTest
class BadInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void shouldAnswerBadInputWithA4xxNeverA500() {
        String root = base.toString().replaceAll("/$", "");
        List<String> problems = BadInput.problems(root, Webhooks.admin(), List.of(
                new Endpoint("POST", "/api/webhooks/subscriptions"),
                new Endpoint("GET", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("PATCH", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("DELETE", "/api/webhooks/subscriptions/{id}"),
                new Endpoint("POST", "/api/webhooks/subscriptions/{id}/recover"),
                new Endpoint("POST", "/api/webhooks/subscriptions/{id}/test"),
                new Endpoint("GET", "/api/webhooks/deliveries"),
                new Endpoint("GET", "/api/webhooks/deliveries/{id}/attempts"),
                new Endpoint("POST", "/api/webhooks/deliveries/{id}/retry")));

        BadInput.report(problems, "target/bad-input.txt");
        assertEquals(List.of(), problems.stream().limit(20).toList(), problems.size() + " problems, all in "
                + "target/bad-input.txt");
    }
}
