package dev.holdline.outbox;

import dev.holdline.events.CloudEvent;
import dev.holdline.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Records events in the caller's transaction; the relay publishes them once that transaction commits, continuing
 * the caller's trace (the span current here, such as the HTTP request's, is kept with each row).
 */
@ApplicationScoped
public class OutboxService {

    /** Fired in the enqueuing transaction; observed after commit to wake the relay at once. */
    public record Enqueued(int events) {
    }

    private final OutboxRepository outbox;
    private final Event<Enqueued> enqueued;

    public OutboxService(OutboxRepository outbox, Event<Enqueued> enqueued) {
        this.outbox = outbox;
        this.enqueued = enqueued;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(CloudEvent event) {
        enqueueAll(List.of(event));
    }

    /** Several events of one transaction: one batch of inserts, one wake-up of the relay after commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueueAll(List<CloudEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        outbox.insert(events, Instant.now(), TraceContext.current());
        enqueued.fire(new Enqueued(events.size()));
    }
}
