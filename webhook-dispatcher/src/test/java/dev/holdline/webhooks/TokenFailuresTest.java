package dev.holdline.webhooks;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of bad token, and a service token, is a 401 on the webhooks API, even one claiming admin. */
@QuarkusTest
class TokenFailuresTest {

    @Test
    void shouldRefuseEveryBadTokenWith401() {
        List<String> let = new ArrayList<>();
        for (Map.Entry<String, String> token : TestTokens.refusedOnPublicApi("webhook-dispatcher").entrySet()) {
            int subscriptions = given().header("Authorization", token.getValue())
                    .get("/api/webhooks/subscriptions").statusCode();
            int deliveries = given().header("Authorization", token.getValue())
                    .get("/api/webhooks/deliveries").statusCode();
            if (subscriptions != 401 || deliveries != 401) {
                let.add(token.getKey() + ": subscriptions " + subscriptions + ", deliveries " + deliveries);
            }
        }
        assertEquals(List.of(), let, "bad tokens that were not refused with 401");
        given().header("Authorization", TestTokens.bearer("ops", "admin")).get("/api/webhooks/subscriptions")
                .then().statusCode(200);
    }
}
