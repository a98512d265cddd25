package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventPatternsTest {

    private static final List<String> DOMAIN = List.of("image.uploaded", "image.completed", "image.deleted",
            "order.placed", "score.submitted", "score.removed", "leaderboard.updated", "leaderboard.reset");
    private static final List<String> PRIVATE = List.of("chat.message", "notification");
    private static final List<String> EPHEMERAL = List.of("chat.typing", "chat.read", "presence.changed");

    @Test
    void shouldMatchDomainEventsOnlyWithTheWildcard() {
        DOMAIN.forEach(type -> assertTrue(EventPatterns.matches("*", type), type));
        PRIVATE.forEach(type -> assertFalse(EventPatterns.matches("*", type), type));
        EPHEMERAL.forEach(type -> assertFalse(EventPatterns.matches("*", type), type));
        assertFalse(EventPatterns.matches("*", "not.published.by.holdline"));
    }

    @Test
    void shouldMatchDomainEventsOnlyWithAPrefix() {
        assertTrue(EventPatterns.matches("order.*", "order.placed"));
        assertTrue(EventPatterns.matches("image.*", "image.completed"));
        assertFalse(EventPatterns.matches("order.*", "image.completed"));
        assertFalse(EventPatterns.matches("chat.*", "chat.message"));
        assertFalse(EventPatterns.matches("chat.*", "chat.typing"));
        assertFalse(EventPatterns.matches("presence.*", "presence.changed"));
    }

    @Test
    void shouldMatchAPrivateTypeByItsExactNameOnly() {
        assertTrue(EventPatterns.matches("chat.message", "chat.message"));
        assertTrue(EventPatterns.matches("notification", "notification"));
        assertFalse(EventPatterns.matches("chat.message", "notification"));
        assertEquals(List.of("chat.message", "notification"),
                EventPatterns.privateTypes(List.of("order.*", "chat.message", "*", "notification", "chat.*")));
        assertEquals(List.of(), EventPatterns.privateTypes(List.of("*")));
    }

    @Test
    void shouldNeverMatchAnEphemeralTypeAndRefuseNamingIt() {
        EPHEMERAL.forEach(type -> assertFalse(EventPatterns.matches(type, type), type));
        EPHEMERAL.forEach(type -> assertTrue(EventPatterns.refusal(type).orElse("").contains(type), type));
        for (String allowed : List.of("*", "order.*", "chat.*", "chat.message", "notification", "order.placed")) {
            assertEquals(Optional.empty(), EventPatterns.refusal(allowed), allowed);
        }
    }

    @Test
    void shouldMatchATypeHoldlineDoesNotPublishByItsExactNameOnly() {
        assertTrue(EventPatterns.matches("test.signed.t1", "test.signed.t1"));
        assertFalse(EventPatterns.matches("test.*", "test.signed.t1"));
    }
}
