package dev.holdline.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.platform.messaging.Payloads;
import dev.holdline.gateway.service.BufferedEvent;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.ImageOwners;
import dev.holdline.gateway.service.PresenceService;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads the stream {@code poll-gateway.events} from {@code gateway.stream.replay} ago, on the event loop, into
 * the {@link EventHub}. The stream offset of each delivery becomes the event's cursor, so every replica
 * hands out the same cursors. Catch-up markers are passed to {@link StreamCatchUp}.
 */
@ApplicationScoped
public class StreamConsumer {

    public static final String CHANNEL = "events";
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final EventHub hub;
    private final ImageOwners owners;
    private final StreamCatchUp catchUp;
    private final ObjectMapper mapper;
    private final PresenceService presence;
    private final Clock clock;

    public StreamConsumer(EventHub hub, ImageOwners owners, StreamCatchUp catchUp, ObjectMapper mapper,
            PresenceService presence, Clock clock) {
        this.hub = hub;
        this.owners = owners;
        this.catchUp = catchUp;
        this.mapper = mapper;
        this.presence = presence;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<?> message) {
        try {
            IncomingRabbitMQMetadata metadata = message.getMetadata(IncomingRabbitMQMetadata.class).orElse(null);
            Long offset = metadata == null ? null : metadata.getHeader("x-stream-offset", Long.class).orElse(null);
            String text = Payloads.text(message.getPayload());
            if (metadata != null && metadata.getType().filter(StreamCatchUp.MARKER_TYPE::equals).isPresent()) {
                if (offset != null) {
                    hub.advance(offset);
                }
                catchUp.seen(text);
            } else if (offset == null) {
                LOG.warnf("a delivery without x-stream-offset; is %s a stream queue?", CHANNEL);
            } else {
                accept(offset, text);
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping an unreadable event: %s", e.getMessage());
        }
        return message.ack();
    }

    /** When an event was said: its {@code time}, else now. */
    private long saidAt(JsonNode event) {
        try {
            return Instant.parse(event.path("time").asText()).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return clock.millis();
        }
    }

    private void accept(long offset, String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON at offset " + offset);
        }
        if (!(node instanceof ObjectNode event) || !event.hasNonNull("type") || !event.hasNonNull("id")) {
            throw new IllegalArgumentException("not a CloudEvent at offset " + offset);
        }
        List<String> channels = Channels.split(event.path("channels").asText(null)).stream()
                .filter(Channels::isValid).toList();
        if (EventTypes.PRESENCE_CHANGED.equals(event.path("type").asText())) {
            presence.observed(event.path("data"), channels, saidAt(event));
        }
        if (channels.isEmpty()) {
            hub.advance(offset); // an event for services only
            return;
        }
        event.put("cursor", Cursors.format(offset));
        String type = event.get("type").asText();
        JsonNode data = event.path("data");
        String owner = data.path("owner").asText(null);
        if (type.startsWith("image.") && data.has("imageId") && owner != null) {
            owners.remember(data.get("imageId").asText(), owner);
        }
        hub.append(new BufferedEvent(offset, event.get("id").asText(), type, clock.instant(), event,
                text.length() + 32), channels);
    }
}
