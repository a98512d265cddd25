package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.StreamEpoch;
import dev.holdline.platform.messaging.PublisherCheck;
import dev.holdline.platform.messaging.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One event read from the stream, taken where it goes, in the trace of whoever published it: a {@code process <type>}
 * CONSUMER span (its {@code traceparent} header), inside which it is parsed ({@link StreamEventParser}), believed or
 * skipped ({@link PublisherCheck}: a stream cannot dead-letter), handed to presence ({@link PresenceRouting}) and to
 * the image owners ({@link ImageOwnerRule}), and appended to the {@link EventHub} in a {@code deliver <type>} span,
 * where the held polls and sockets of its channels are woken and answered. An event without channels (for services
 * only) only advances the hub.
 */
@ApplicationScoped
public class StreamDelivery {

    private final EventHub hub;
    private final StreamEpoch epoch;
    private final StreamEventParser parser;
    private final PublisherCheck publisherCheck;
    private final StreamCatchUp catchUp;
    private final StreamMetrics metrics;
    private final PresenceRouting presence;
    private final ImageOwnerRule owners;
    private final Tracer tracer;

    public StreamDelivery(EventHub hub, StreamEpoch epoch, StreamEventParser parser, PublisherCheck publisherCheck,
            StreamCatchUp catchUp, StreamMetrics metrics, PresenceRouting presence, ImageOwnerRule owners,
            Tracer tracer) {
        this.hub = hub;
        this.epoch = epoch;
        this.parser = parser;
        this.publisherCheck = publisherCheck;
        this.catchUp = catchUp;
        this.metrics = metrics;
        this.presence = presence;
        this.owners = owners;
        this.tracer = tracer;
    }

    /**
     * The event in {@code text} at {@code offset} of the stream {@code queue}, its type being {@code routingKey}
     * (what RabbitMQ checked); throws {@link IllegalArgumentException} for one that is not a CloudEvent.
     */
    void deliver(String queue, long offset, String routingKey, String text, AMQP.BasicProperties properties) {
        Span span = TraceHeaders.startConsumer(tracer, routingKey, queue, properties.getMessageId(),
                properties.getHeaders());
        try (Scope scope = span.makeCurrent()) {
            accept(offset, routingKey, text, properties, span);
        } finally {
            span.end();
        }
    }

    private void accept(long offset, String type, String text, AMQP.BasicProperties properties, Span consumer) {
        StreamEvent event = parser.parse(offset, text);
        if (!publisherCheck.believed(type, event.bodyType(), properties.getUserId(), event.id(),
                properties.getHeaders())) {
            hub.advance(offset);
            return;
        }
        if (catchUp.caughtUp()) { // while replaying what is older than the replica, age is no lag
            metrics.handled(event.saidAt());
        }
        presence.route(type, event);
        if (event.channels().isEmpty()) {
            hub.advance(offset); // an event for services only
            return;
        }
        var buffered = parser.buffered(offset, type, event, epoch.current(), text);
        owners.observe(type, event, properties);
        // the hand-over to the held polls and sockets of its channels, in the event's trace: they are woken and
        // answered from here. The consumer span is its parent by name: on this thread (a Vert.x event loop's) the
        // current context does not carry it, and the hand-over would start a trace of its own
        Span deliver = tracer.spanBuilder("deliver " + type).setParent(Context.root().with(consumer))
                .setAttribute("holdline.channels", String.join(",", event.channels()))
                .setAttribute("messaging.message.id", event.id()).startSpan();
        try (Scope scope = deliver.makeCurrent()) {
            hub.append(buffered, event.channels());
        } finally {
            deliver.end();
        }
    }
}
