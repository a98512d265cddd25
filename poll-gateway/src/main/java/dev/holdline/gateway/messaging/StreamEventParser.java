package dev.holdline.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.events.Channels;
import dev.holdline.gateway.service.BufferedEvent;
import dev.holdline.gateway.service.Cursors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * A stream message's text as a {@link StreamEvent}, and a {@link StreamEvent} as the {@link BufferedEvent} the hub
 * serves (with its {@code cursor}). Text that is not JSON, or not an object with a {@code type} and an {@code id}, is
 * refused ({@link IllegalArgumentException}, naming the offset).
 */
@ApplicationScoped
public class StreamEventParser {

    /** Added to the text's length for the memory bound: the cursor and the JSON around it. */
    private static final int CURSOR_BYTES = 32;

    private final ObjectMapper mapper;
    private final Clock clock;

    public StreamEventParser(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The CloudEvent in {@code text}, read at {@code offset}. */
    StreamEvent parse(long offset, String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON at offset " + offset);
        }
        if (!(node instanceof ObjectNode event) || !event.hasNonNull("type") || !event.hasNonNull("id")) {
            throw new IllegalArgumentException("not a CloudEvent at offset " + offset);
        }
        List<String> channels = Channels.split(event.path("channels").asText(null)).stream()
                .filter(Channels::isValid).toList();
        return new StreamEvent(event, event.get("id").asText(), event.get("type").asText(), channels, saidAt(event));
    }

    /**
     * The event as the hub serves it: of {@code type} (the routing key RabbitMQ checked), with its {@code cursor} (the
     * offset in the stream's {@code epoch}); {@code text} is what was read, for the memory bound.
     */
    BufferedEvent buffered(long offset, String type, StreamEvent event, String epoch, String text) {
        event.json().put("cursor", Cursors.format(offset, epoch));
        return new BufferedEvent(offset, event.id(), type, clock.instant(), event.json(), text.length() + CURSOR_BYTES);
    }

    /** When an event was said: its {@code time}, else now. */
    private long saidAt(JsonNode event) {
        try {
            return Instant.parse(event.path("time").asText()).toEpochMilli();
        } catch (DateTimeException e) {
            return clock.millis();
        }
    }
}
