package dev.holdline.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.gateway.rest.DevLoginResource;
import dev.holdline.platform.identity.IdentityConfig;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DevLoginTest {

    @Test
    void shouldSignInAnyUserNameWithATokenTheServicesAccept() {
        String token = given().contentType(ContentType.JSON).body(Map.of("user", "newcomer"))
                .post("/api/dev/login").then().statusCode(200).body("user", equalTo("newcomer"))
                .body("admin", equalTo(false)).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/poll?channel=user:newcomer&timeout=1")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/api/poll?channel=user:someone-else&timeout=1")
                .then().statusCode(403);
        given().header("Authorization", "Bearer " + token).get("/api/poll/stats").then().statusCode(403);
    }

    @Test
    void shouldGiveAnAdminTokenWhenAsked() {
        String token = given().contentType(ContentType.JSON).body(Map.of("user", "boss", "admin", true))
                .post("/api/dev/login").then().statusCode(200).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/poll/stats").then().statusCode(200);
    }

    @Test
    void shouldNotExistWhereDevelopmentKeysAreNotAllowed() {
        // production's settings as far as the sign-in reads them: development keys not allowed
        IdentityConfig production = (IdentityConfig) java.lang.reflect.Proxy.newProxyInstance(
                IdentityConfig.class.getClassLoader(), new Class<?>[] { IdentityConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "devKeysAllowed" -> false;
                    case "audience" -> "holdline";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ApiException refused = assertThrows(ApiException.class,
                () -> new DevLoginResource(production, "holdline").login(new DevLoginResource.Login("alice", true)));
        assertEquals(404, refused.status());
    }

    @Test
    void shouldRefuseAUserNameThatIsNotAChannelNameWith400() {
        for (Object user : new Object[] { "", "a b", "x".repeat(65), "user:x" }) {
            given().contentType(ContentType.JSON).body(Map.of("user", user)).post("/api/dev/login")
                    .then().statusCode(400).body("error", equalTo("invalid_user"));
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/dev/login").then().statusCode(400);
    }
}
