package dev.holdline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A CloudEvents 1.0 structured-mode envelope, the body of every message on {@link Exchanges#EVENTS}.
 * {@code channels} and {@code replica} are Holdline's extension attributes: the long-poll channels the event is
 * delivered to, and the replica that published it (on events its replicas read back: that replica skips its own;
 * absent on the others).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(String specversion, String id, String source, String type, String time, String subject,
        String channels, String replica, String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    /** Decimals in {@code data} kept exactly as written ({@code 9.00} stays {@code 9.00}: amounts are exact). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** A new event with a fresh id and the current time; {@code data} is any Jackson-serialisable value. */
    public static CloudEvent create(String source, String type, String subject, List<String> channels, Object data) {
        if (!EventTypes.isKnown(type)) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        return new CloudEvent(SPEC_VERSION, EventIds.newId(), source, type,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), subject,
                channels == null || channels.isEmpty() ? null : Channels.join(channels), null, "application/json",
                MAPPER.valueToTree(data));
    }

    /** This event under another id (an idempotent request's {@link EventIds#derivedId}). */
    public CloudEvent withId(String newId) {
        return new CloudEvent(specversion, newId, source, type, time, subject, channels, replica, datacontenttype,
                data);
    }

    /** This event marked as published by {@code publisher}, one replica of its service (null: unmarked). */
    public CloudEvent withReplica(String publisher) {
        return new CloudEvent(specversion, id, source, type, time, subject, channels, publisher, datacontenttype,
                data);
    }

    @JsonIgnore
    public List<String> channelList() {
        return Channels.split(channels);
    }

    /** The data attribute read as {@code type}. */
    public <T> T dataAs(Class<T> type) {
        try {
            return MAPPER.treeToValue(data, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event " + id + " data is not a " + type.getSimpleName(), e);
        }
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CloudEvent fromJson(String json) {
        try {
            return MAPPER.readValue(json, CloudEvent.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a CloudEvent: " + e.getOriginalMessage(), e);
        }
    }
}
