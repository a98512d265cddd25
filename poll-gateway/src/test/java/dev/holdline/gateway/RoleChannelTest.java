package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.ServiceReady;
import dev.holdline.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code role:<role>}: the holders of a role by the token's groups, such as the admins told of a disabled webhook. */
@QuarkusTest
@TestProfile(WithoutPresence.class)
class RoleChannelTest {

    private static final String ADMIN = TestTokens.bearer("ops", "admin");

    @BeforeEach
    void awaitCatchUp() {
        ServiceReady.await();
    }

    private static JsonPath poll(String authorization, String query) {
        return given().header("Authorization", authorization).get("/api/poll?" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void shouldRefuseTheAdminRoleChannelToAUserNamedAdminWithoutTheRole() {
        given().header("Authorization", TestTokens.bearer("admin")).get("/api/poll?timeout=1&channel=role:admin")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/poll?timeout=1&channel=role:admin")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Authorization", TestTokens.bearer("alice", "player"))
                .get("/api/poll?timeout=1&channel=role:player").then().statusCode(403);
    }

    @Test
    void shouldDeliverARoleNoticeToTheHoldersOfTheRoleOnly() {
        String adminCursor = poll(ADMIN, "timeout=1&channel=role:admin").getString("cursor");
        String userCursor = poll(TestTokens.bearer("admin"), "timeout=1&channel=user:admin").getString("cursor");
        try (EventProbe probe = EventProbe.listen("none")) {
            probe.publish(CloudEvent.create("webhook-dispatcher", EventTypes.NOTIFICATION, "subscriptions/sub_1",
                    List.of(Channels.role("admin")), Map.of("title", "Webhook subscription disabled",
                            "body", "Subscription sub_1 (https://example.com/hooks/…) ...", "from", "webhook-dispatcher")));
        }

        JsonPath got = poll(ADMIN, "timeout=10&channel=role:admin&cursor=" + adminCursor);
        assertEquals("Webhook subscription disabled", got.getString("events[0].data.title"));
        assertEquals(List.of(), poll(TestTokens.bearer("admin"), "timeout=1&channel=user:admin&cursor=" + userCursor)
                .getList("events"), "a user who signs in as admin is not told");
    }
}
