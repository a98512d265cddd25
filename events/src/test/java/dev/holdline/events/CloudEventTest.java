package dev.holdline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudEventTest {

    @Test
    void shouldRoundTripThroughJsonWithChannelsAndTypedData() {
        var data = new ImageEventData(42, "alice", ImageStatus.PENDING, "image/jpeg", null, null);
        CloudEvent event = CloudEvent.create("upload-service", EventTypes.IMAGE_UPLOADED, "images/42",
                List.of(Channels.user("alice"), Channels.image(42)), data);

        CloudEvent back = CloudEvent.fromJson(event.toJson());

        assertEquals(event.toJson(), back.toJson());
        assertEquals(event.id(), back.id());
        assertEquals("1.0", back.specversion());
        assertEquals(List.of("user:alice", "image:42"), back.channelList());
        assertEquals(data, back.dataAs(ImageEventData.class));
        assertFalse(event.toJson().contains("\"reason\""), "absent fields are left out");
        assertTrue(event.toJson().contains("\"status\":\"PENDING\""), "the status travels by its name");
    }

    @Test
    void shouldCarryTheReplicaThatPublishedItOnlyWhenMarked() {
        CloudEvent event = CloudEvent.create("leaderboard-service", EventTypes.SCORE_SUBMITTED, "leaderboards/b",
                List.of(), java.util.Map.of("board", "b"));
        assertFalse(event.toJson().contains("\"replica\""), "unmarked: the attribute is absent");

        CloudEvent marked = event.withReplica("leaderboard-0");
        CloudEvent back = CloudEvent.fromJson(marked.toJson());

        assertEquals("leaderboard-0", back.replica());
        assertEquals(event.id(), back.id(), "the same event, marked");
        assertTrue(marked.toJson().contains("\"replica\":\"leaderboard-0\""), marked.toJson());
        assertEquals("leaderboard-0", back.withId("other").replica(), "a new id keeps the mark");
    }

    @Test
    void shouldGiveEveryEventItsOwnTimeOrderedId() {
        String earlier = EventIds.newId(1_700_000_000_000L);
        String later = EventIds.newId(1_700_000_000_001L);
        assertEquals(26, earlier.length());
        assertTrue(earlier.compareTo(later) < 0);
        assertNotEquals(EventIds.newId(), EventIds.newId());
    }

    @Test
    void shouldRejectUnknownTypesAndBadChannelNames() {
        assertThrows(IllegalArgumentException.class,
                () -> CloudEvent.create("x", "image.exploded", null, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> Channels.user("alice smith"));
        assertThrows(IllegalArgumentException.class, () -> Channels.room("x".repeat(65)));
        assertFalse(Channels.isValid("secret:alice"));
        assertFalse(Channels.isValid("user:"));
        assertTrue(Channels.isValid("broadcast"));
        assertTrue(Channels.isValid("leaderboard:global.v2"));
    }

    @Test
    void shouldKeepDecimalsInDataExactlyAsWritten() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"order.placed\","
                + "\"data\":{\"total\":9.00,\"big\":12345678901234567.89,\"score\":1.5}}";

        String again = CloudEvent.fromJson(json).toJson();

        assertTrue(again.contains("\"total\":9.00"), again);
        assertTrue(again.contains("\"big\":12345678901234567.89"), again);
        assertTrue(again.contains("\"score\":1.5"), again);
        String made = CloudEvent.create("s", EventTypes.ORDER_PLACED, null, List.of(),
                java.util.Map.of("total", new java.math.BigDecimal("9.00"))).toJson();
        assertTrue(made.contains("\"total\":9.00"), made);
    }
}
