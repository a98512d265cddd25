package dev.holdline.platform.messaging;

import dev.holdline.events.EventPublishers;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Whether a consumer may believe an event: RabbitMQ checked two things about every message on the events
 * exchange, its routing key (the publishing user's topic permission) and its {@code user_id} (the connection's
 * user), and nothing in its body. So an event is believed only when the body's {@code type} is the routing key
 * and {@code user_id} is a publisher of that type ({@link EventPublishers}). Every consumer asks this before it
 * acts on an event, and drops (dead-letters, where its queue can) one refused: each refusal is logged at WARN,
 * saying who sent what, and counted in {@code holdline_events_refused_total{reason}}.
 */
@ApplicationScoped
public class PublisherCheck {

    /** Why an event was refused: the {@code reason} tag of the counter. */
    public enum Refusal {
        /** The body's type is not the routing key RabbitMQ checked. */
        TYPE_DIFFERS("type_differs"),
        /** {@code user_id} is absent or not a publisher of the routing key's type. */
        NOT_ITS_PUBLISHER("not_its_publisher");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

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
     */
    public boolean believed(String routingKey, String bodyType, String userId, String eventId) {
        Refusal refusal = refusal(routingKey, bodyType, service(userId));
        if (refusal == null || refusal == Refusal.NOT_ITS_PUBLISHER && unknownTypesPublisher != null
                && unknownTypesPublisher.equals(userId) && EventPublishers.of(routingKey).isEmpty()) {
            return true;
        }
        meters.counter("holdline.events.refused", "reason", refusal.tag).increment();
        LOG.warnf("refused event %s: RabbitMQ user %s published routing key %s with body type %s (%s)",
                shown(eventId), shown(userId), shown(routingKey), shown(bodyType),
                refusal == Refusal.TYPE_DIFFERS ? "the type differs from the routing key"
                        : "that user does not publish " + shown(routingKey) + " events");
        return false;
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
