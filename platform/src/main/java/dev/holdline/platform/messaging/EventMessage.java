package dev.holdline.platform.messaging;

import com.rabbitmq.client.AMQP;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.Exchanges;
import dev.holdline.platform.tracing.TraceContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * A CloudEvent as it travels on {@link Exchanges#EVENTS}: routing key = event type, the structured-mode JSON
 * as body, content type {@code application/cloudevents+json}, message id = event id, persistent, the W3C trace
 * context in the headers ({@link TraceHeaders}). The one place where an event becomes an AMQP message, for the
 * outbox relay, direct publishes and tests alike.
 *
 * @param body the exact bytes consumers receive (an outbox row's stored payload, or the event's JSON)
 * @param trace the trace the message continues, or null: {@link ConfirmedPublisher} starts its publish span as a
 *        child of it (of the publishing thread's span when null) and sends the publish span's context
 */
public record EventMessage(String id, String type, Instant time, byte[] body, TraceContext trace) {

    public static EventMessage of(CloudEvent event) {
        return new EventMessage(event.id(), event.type(), Instant.parse(event.time()),
                event.toJson().getBytes(StandardCharsets.UTF_8), null);
    }

    /** A message whose body was serialised earlier, such as an outbox row's payload, and the trace it continues. */
    public static EventMessage of(String id, String type, Instant time, String json, TraceContext trace) {
        return new EventMessage(id, type, time, json.getBytes(StandardCharsets.UTF_8), trace);
    }

    /** This message continuing {@code trace} instead. */
    public EventMessage withTrace(TraceContext trace) {
        return new EventMessage(id, type, time, body, trace);
    }

    public String routingKey() {
        return type;
    }

    /**
     * The AMQP properties, {@code appId} naming the publishing service as the RabbitMQ UI shows it, and
     * {@code userId} the RabbitMQ user it publishes as: RabbitMQ refuses a message whose {@code user_id} is not
     * its connection's user, so a consumer can trust it (and, with one user per service, who published).
     */
    public AMQP.BasicProperties properties(String appId, String userId) {
        Map<String, Object> headers = new HashMap<>(4);
        TraceHeaders.write(trace, headers);
        return new AMQP.BasicProperties.Builder()
                .contentType(Exchanges.CLOUDEVENTS_JSON)
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .messageId(id)
                .type(type)
                .timestamp(time == null ? null : Date.from(time))
                .appId(appId)
                .userId(userId)
                .headers(headers.isEmpty() ? null : headers)
                .build();
    }
}
