package dev.holdline.leaderboard;

import dev.holdline.testing.BadInput;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile and careless requests to every route the service declares: a clear, small 4xx each time, never a 500. */
@QuarkusTest
class BadInputTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Router router;

    @Test
    void shouldAnswerBadInputWithA4xxNeverA500() {
        BadInput.assertHolds(base, TestTokens.bearer("ops", "admin"), router, Map.of());
    }
}
