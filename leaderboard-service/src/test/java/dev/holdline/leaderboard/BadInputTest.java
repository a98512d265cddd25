package dev.holdline.leaderboard;

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
                new Endpoint("GET", "/api/leaderboards"),
                new Endpoint("POST", "/api/leaderboards"),
                new Endpoint("DELETE", "/api/leaderboards/{board}"),
                new Endpoint("GET", "/api/leaderboards/{board}"),
                new Endpoint("GET", "/api/leaderboards/{board}/players/{player}"),
                new Endpoint("DELETE", "/api/leaderboards/{board}/players/{player}"),
                new Endpoint("GET", "/api/leaderboards/{board}/snapshot"),
                new Endpoint("POST", "/api/leaderboards/{board}/scores"),
                new Endpoint("POST", "/api/leaderboards/global/scores"),
                new Endpoint("POST", "/api/leaderboards/{board}/seed"),
                new Endpoint("GET", "/api/catalogue"),
                new Endpoint("PUT", "/api/catalogue/{sku}"),
                new Endpoint("DELETE", "/api/catalogue/{sku}"),
                new Endpoint("GET", "/api/players/me"),
                new Endpoint("PUT", "/api/players/me"),
                new Endpoint("PUT", "/api/players/{player}"),
                new Endpoint("POST", "/api/orders"),
                new Endpoint("GET", "/api/orders"),
                new Endpoint("GET", "/api/orders/{id}"),
                new Endpoint("POST", "/api/ws-tickets"));
    }
}
