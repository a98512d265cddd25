package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.EventTypes;
import dev.holdline.platform.PlatformMappings;
import dev.holdline.platform.messaging.PublisherCheck.Refusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublisherCheckTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PublisherCheck check = new PublisherCheck(meters, config(Optional.empty()));

    private static EventsConfig config(Optional<String> userSuffix) {
        return config(userSuffix, Optional.empty());
    }

    private static EventsConfig config(Optional<String> userSuffix, Optional<String> unknownTypesPublisher) {
        Map<String, String> settings = new HashMap<>();
        userSuffix.ifPresent(suffix -> {
            settings.put("holdline.events.user-suffix", suffix);
            settings.put("holdline.events.queue-suffix", suffix);
        });
        unknownTypesPublisher.ifPresent(who -> settings.put("holdline.events.unknown-types-publisher", who));
        return PlatformMappings.of(EventsConfig.class, settings);
    }

    private double refused(String reason) {
        var counter = meters.find("holdline.events.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldBelieveAnEventOfItsTypeFromItsPublisher() {
        assertTrue(check.believed(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_MESSAGE, "poll-gateway", "e1", null));
        assertTrue(check.believed(EventTypes.IMAGE_DELETED, EventTypes.IMAGE_DELETED, "upload-service", "e2", null));
        assertTrue(check.believed(EventTypes.NOTIFICATION, EventTypes.NOTIFICATION, "webhook-dispatcher", "e3", null));
        assertEquals(0, refused("type_differs") + refused("not_its_publisher"));
    }

    @Test
    void shouldRefuseAChatMessageInTheBodyOfUploadServicesImageDeleted() {
        assertFalse(check.believed(EventTypes.IMAGE_DELETED, EventTypes.CHAT_MESSAGE, "upload-service", "forged", null));
        assertEquals(1, refused("type_differs"));
    }

    @Test
    void shouldRefuseATypeFromAnotherPublisherOrFromNoUser() {
        assertEquals(Refusal.NOT_ITS_PUBLISHER,
                PublisherCheck.refusal(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_MESSAGE, "upload-service"));
        assertEquals(Refusal.NOT_ITS_PUBLISHER,
                PublisherCheck.refusal(EventTypes.SCORE_SUBMITTED, EventTypes.SCORE_SUBMITTED, null));
        assertEquals(Refusal.NOT_ITS_PUBLISHER,
                PublisherCheck.refusal(EventTypes.IMAGE_UPLOADED, EventTypes.IMAGE_UPLOADED, "guest"));
        assertFalse(check.believed("chat.forged", "chat.forged", "poll-gateway", "x", null));
        assertEquals(1, refused("not_its_publisher"));
    }

    @Test
    void shouldKnowATestRunsUsersByTheirSuffix() {
        PublisherCheck run = new PublisherCheck(meters, config(Optional.of(".t1")));
        assertTrue(run.believed(EventTypes.SCORE_SUBMITTED, EventTypes.SCORE_SUBMITTED, "leaderboard-service.t1", "a", null));
        assertFalse(run.believed(EventTypes.SCORE_SUBMITTED, EventTypes.SCORE_SUBMITTED, "leaderboard-service", "b", null));
        assertFalse(run.believed(EventTypes.SCORE_SUBMITTED, EventTypes.SCORE_SUBMITTED, "leaderboard-service.t2", "c", null));
        assertEquals(2, refused("not_its_publisher"));
    }

    @Test
    void shouldBelieveUnknownTypesOnlyFromTheirConfiguredPublisherAndNeverAKnownOne() {
        PublisherCheck tests = new PublisherCheck(meters, config(Optional.empty(), Optional.of("tester")));
        assertTrue(tests.believed("hang.t1", "hang.t1", "tester", "a", null));
        assertFalse(tests.believed("hang.t1", "hang.t1", "upload-service", "b", null));
        assertFalse(tests.believed(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_MESSAGE, "tester", "c", null));
        assertFalse(tests.believed(EventTypes.IMAGE_DELETED, "hang.t1", "tester", "d", null));
        assertFalse(check.believed("hang.t1", "hang.t1", "tester", "e", null));
    }

    @Test
    void shouldRefuseABodyWithoutTypeOrADeliveryWithoutRoutingKey() {
        assertEquals(Refusal.TYPE_DIFFERS, PublisherCheck.refusal(EventTypes.IMAGE_UPLOADED, null, "upload-service"));
        assertEquals(Refusal.TYPE_DIFFERS, PublisherCheck.refusal(null, null, "upload-service"));
        assertNull(PublisherCheck.refusal(EventTypes.SCORE_REMOVED, EventTypes.SCORE_REMOVED, "leaderboard-service"));
    }

    @Test
    void shouldRefuseADeadLetteredCopyEvenFromItsPublisher() {
        Map<String, Object> death = Map.of("x-death", List.of(Map.of("queue", "leaderboard-service.x",
                "exchange", "holdline.events", "reason", "rejected", "count", 1L)));
        assertFalse(check.believed(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_MESSAGE, "poll-gateway", "replayed", death));
        for (String header : List.of("x-first-death-exchange", "x-first-death-queue", "x-first-death-reason")) {
            assertFalse(check.believed(EventTypes.IMAGE_UPLOADED, EventTypes.IMAGE_UPLOADED, "upload-service", header,
                    Map.of(header, "leaderboard-service.x")), header);
        }
        assertEquals(4, refused("dead_lettered"));
        assertTrue(check.believed(EventTypes.CHAT_MESSAGE, EventTypes.CHAT_MESSAGE, "poll-gateway", "fresh",
                Map.of("x-other", "kept")));
        assertEquals(0, refused("type_differs") + refused("not_its_publisher"));
    }
}
