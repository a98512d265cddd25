package dev.holdline.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.gateway.service.BufferedEvent;
import dev.holdline.gateway.service.Cursors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamEventParserTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private final StreamEventParser parser = new StreamEventParser(new ObjectMapper(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldReadACloudEventWithItsValidChannelsAndTime() {
        StreamEvent event = parser.parse(7, """
                {"id":"e1","type":"chat.message","source":"poll-gateway","time":"2030-01-01T11:59:58Z",
                 "channels":"room:lobby room:not/valid","data":{"text":"hi"}}""");

        assertEquals("e1", event.id());
        assertEquals("chat.message", event.bodyType());
        assertEquals(List.of("room:lobby"), event.channels());
        assertEquals(NOW.minusSeconds(2).toEpochMilli(), event.saidAt());
        assertEquals("hi", event.data().path("text").asText());
    }

    @Test
    void shouldTakeNowForAnEventWithoutATime() {
        StreamEvent event = parser.parse(7, "{\"id\":\"e1\",\"type\":\"chat.message\"}");

        assertEquals(NOW.toEpochMilli(), event.saidAt());
        assertEquals(List.of(), event.channels());
    }

    @Test
    void shouldRefuseWhatIsNotACloudEventNamingTheOffset() {
        assertEquals("not JSON at offset 7",
                assertThrows(IllegalArgumentException.class, () -> parser.parse(7, "{")).getMessage());
        assertEquals("not a CloudEvent at offset 8", assertThrows(IllegalArgumentException.class,
                () -> parser.parse(8, "{\"type\":\"chat.message\"}")).getMessage());
        assertEquals("not a CloudEvent at offset 9",
                assertThrows(IllegalArgumentException.class, () -> parser.parse(9, "[1]")).getMessage());
    }

    @Test
    void shouldBufferTheEventWithItsCursorUnderTheCheckedType() {
        String text = "{\"id\":\"e1\",\"type\":\"chat.message\",\"channels\":\"room:lobby\"}";
        StreamEvent event = parser.parse(7, text);

        BufferedEvent buffered = parser.buffered(7, "chat.message", event, "ep1", text);

        assertEquals(Cursors.format(7, "ep1"), buffered.json().path("cursor").asText());
        assertEquals(7, buffered.offset());
        assertEquals("e1", buffered.id());
        assertEquals(NOW, buffered.receivedAt());
        assertEquals(text.length() + 32, buffered.bytes());
    }
}
