package dev.holdline.platform.messaging;

import dev.holdline.events.EventPublishers;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Whether a consumer may believe an event: RabbitMQ checked two things about every message on the events
 * exchange, its routing key (the publishing user's topic permission) and its {@code user_id} (the connection's
 * user), and nothing in its body. So an event is believed only when the body's {@code type} is the routing key
 * and {@code user_id} is a publisher of that type ({@link EventPublishers}). Every consumer asks this before it
 * acts on an event, and drops (dead-letters, where its queue can) one refused: each refusal is logged at WARN,
 * saying who sent what, and counted in {@code holdline_events_refused_total{reason}}.
 * <p>
 * A dead-lettered copy ({@code x-death} or {@code x-first-death-*} headers) is never believed: it keeps its first
 * publisher's {@code user_id}, but whoever declared the dead-lettering queue (any service may configure its own
 * prefix) chose to put it back, and RabbitMQ checks no topic permission on it. No Holdline queue dead-letters into
 * the events exchange; dead-letter queues are read by operators only.
 */
@ApplicationScoped
public class PublisherCheck {

    /** Why an event was refused: the {@code reason} tag of the counter. */
    public enum Refusal {
        /** The body's type is not the routing key RabbitMQ checked. */
        TYPE_DIFFERS("type_differs"),
        /** {@code user_id} is absent or not a publisher of the routing key's type. */
        NOT_ITS_PUBLISHER("not_its_publisher"),
        /** A dead-lettered copy: put back on the exchange by whoever declared the queue it died in. */
        DEAD_LETTERED("dead_lettered");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    /** The headers RabbitMQ adds to a dead-lettered message (any one marks it). */
    private static final java.util.List<String> DEATH_HEADERS = java.util.List.of("x-death", "x-first-death-exchange",
            "x-first-death-queue", "x-first-death-reason");
    private static final Logger LOG = Logger.getLogger(PublisherCheck.class);
    /** The most of a sender-chosen value (routing key, type, id) a log line shows. */
    private static final int SHOWN = 100;

    private final MeterRegistry meters;
    private final String userSuffix;
    private final String unknownTypesPublisher;

    public PublisherCheck(MeterRegistry meters, EventsConfig events) {
        this.meters = meters;
        this.userSuffix = events.userSuffix().orElse("");
        this.unknownTypesPublisher = events.unknownTypesPublisher().orElse(null);
    }

    /**
     * True when the event may be believed; false (logged and counted) when it must not be acted on.
     *
     * @param routingKey the routing key it was published with (the delivery's envelope), its type
     * @param bodyType the {@code type} its body claims (null when it has none)
     * @param userId the AMQP {@code user_id} property, as RabbitMQ validated it (null when absent)
     * @param eventId the body's {@code id}, for the log (null when it has none)
     * @param headers the delivery's AMQP headers (null when it has none): a dead-lettered copy is refused
     */
    public boolean believed(String routingKey, String bodyType, String userId, String eventId,
            Map<String, ?> headers) {
        Refusal refusal = deadLettered(headers) ? Refusal.DEAD_LETTERED : refusal(routingKey, bodyType, service(userId));
        if (refusal == null || refusal == Refusal.NOT_ITS_PUBLISHER && unknownTypesPublisher != null
                && unknownTypesPublisher.equals(userId) && EventPublishers.of(routingKey).isEmpty()) {
            return true;
        }
        meters.counter("holdline.events.refused", "reason", refusal.tag).increment();
        LOG.warnf("refused event %s: RabbitMQ user %s published routing key %s with body type %s (%s)",
                shown(eventId), shown(userId), shown(routingKey), shown(bodyType), switch (refusal) {
                    case TYPE_DIFFERS -> "the type differs from the routing key";
                    case NOT_ITS_PUBLISHER -> "that user does not publish " + shown(routingKey) + " events";
                    case DEAD_LETTERED -> "a dead-lettered copy, put back by whoever declared its queue";
                });
        return false;
    }

    /** Whether a delivery with these AMQP headers is a dead-lettered copy (RabbitMQ's x-death headers). */
    public static boolean deadLettered(Map<String, ?> headers) {
        return headers != null && DEATH_HEADERS.stream().anyMatch(headers::containsKey);
    }

    /** Why an event must not be believed, {@code service} being who published it; null when it may be. */
    public static Refusal refusal(String routingKey, String bodyType, String service) {
        if (routingKey == null || !Objects.equals(routingKey, bodyType)) {
            return Refusal.TYPE_DIFFERS;
        }
        return EventPublishers.mayPublish(routingKey, service) ? null : Refusal.NOT_ITS_PUBLISHER;
    }

    /** The service whose RabbitMQ user {@code userId} is (see {@link EventsConfig#userSuffix()}); null for none. */
    private String service(String userId) {
        if (userId == null || !userId.endsWith(userSuffix)) {
            return null;
        }
        return userId.substring(0, userId.length() - userSuffix.length());
    }

    /** A sender-chosen value as a log line may show it: quoted, cut short, without control characters. */
    private static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value;
        return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
