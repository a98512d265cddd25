package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdline.platform.rest.ApiException;
import dev.holdline.webhooks.model.Naming;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionFieldsTest {

    @Test
    void shouldKeepEachPatternOnceInTheOrderGiven() {
        assertEquals(List.of("order.*", "image.completed"),
                SubscriptionFields.eventTypes(List.of("order.*", "image.completed", "order.*")));
    }

    @Test
    void shouldRefuseNoPatternTooManyOrABadOneNamingEventTypes() {
        assertRefused("eventTypes", () -> SubscriptionFields.eventTypes(List.of()));
        assertRefused("eventTypes", () -> SubscriptionFields.eventTypes(
                java.util.Collections.nCopies(EventPatterns.MAX_PATTERNS + 1, "order.placed")));
        assertRefused("eventTypes", () -> SubscriptionFields.eventTypes(List.of("order.*.x")));
    }

    @Test
    void shouldLowerCaseHeaderNamesAndRefuseThoseHoldlineSetsUnderAnySpelling() {
        assertEquals(Map.of("x-tenant", "acme"), SubscriptionFields.headers(Map.of("X-Tenant", "acme")));
        for (String name : List.of("Webhook-Signature", "webhook_id", "Content_Type", "HOST", "Proxy-Authorization",
                "Transfer-Encoding")) {
            assertRefused("headers", () -> SubscriptionFields.headers(Map.of(name, "x")));
        }
        assertRefused("headers", () -> SubscriptionFields.headers(Map.of("bad name", "x")));
    }

    @Test
    void shouldRefuseHeaderValuesThatCouldSplitARequestAndTooManyHeaders() {
        assertRefused("headers", () -> SubscriptionFields.headers(Map.of("X-Split", "a\r\nInjected: 1")));
        assertRefused("headers", () -> SubscriptionFields.headers(Map.of("X-Long", "v".repeat(1001))));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= SubscriptionFields.MAX_HEADERS; i++) {
            many.put("x-h" + i, "v");
        }
        assertRefused("headers", () -> SubscriptionFields.headers(many));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("X-Empty", null);
        assertRefused("headers", () -> SubscriptionFields.headers(nullValue));
    }

    @Test
    void shouldReadNamingInAnyCaseAndBoundTheDescription() {
        assertEquals(Naming.SEED, SubscriptionFields.naming("seed"));
        assertRefused("naming", () -> SubscriptionFields.naming("other"));
        assertEquals("d".repeat(SubscriptionFields.MAX_DESCRIPTION),
                SubscriptionFields.description("d".repeat(SubscriptionFields.MAX_DESCRIPTION)));
        String tooLong = "d".repeat(SubscriptionFields.MAX_DESCRIPTION + 1);
        assertRefused("description", () -> SubscriptionFields.description(tooLong));
    }

    @Test
    void shouldRefuseASecretThatCannotSign() {
        SubscriptionFields.secret(WebhookSignature.newSecret());
        assertRefused("secret", () -> SubscriptionFields.secret("not-a-secret"));
    }

    private static void assertRefused(String field, Executable check) {
        ApiException refused = assertThrows(ApiException.class, check::run);
        assertEquals(400, refused.status());
        assertEquals("invalid_" + field, refused.body().error());
    }

    @FunctionalInterface
    private interface Executable {
        void run();
    }
}
