package dev.holdline.outbox;

import dev.holdline.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Records events in the caller's transaction; the relay publishes them once that transaction commits. */
@ApplicationScoped
public class OutboxService {

    /** Fired in the enqueuing transaction; observed after commit to wake the relay at once. */
    public record Enqueued(String eventId) {
    }

    private final OutboxRepository outbox;
    private final Event<Enqueued> enqueued;

    public OutboxService(OutboxRepository outbox, Event<Enqueued> enqueued) {
        this.outbox = outbox;
        this.enqueued = enqueued;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(CloudEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = event.id();
        row.type = event.type();
        row.payload = event.toJson();
        row.createdAt = Instant.now();
        outbox.persist(row);
        enqueued.fire(new Enqueued(event.id()));
    }
}
