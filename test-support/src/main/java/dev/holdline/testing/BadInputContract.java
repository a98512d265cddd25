package dev.holdline.testing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile and careless requests to every route a service declares ({@link BadInput}), called with an admin's
 * token so that every route is reached past its role check: a clear, small 4xx each time, never a 500. Each
 * service's {@code BadInputTest} extends this with {@code @QuarkusTest} (and its own test profile, if any).
 */
public abstract class BadInputContract {

    @TestHTTPResource("/")
    protected URL base;

    @Inject
    protected Router router;

    @Test
    public void shouldAnswerBadInputWithA4xxNeverA500() {
        BadInput.assertHolds(base, TestTokens.bearer("ops", "admin"), router, Map.of());
    }
}
