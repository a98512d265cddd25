package dev.holdline.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event waiting to be published; written in the transaction of the change it announces. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** The CloudEvent id, also the AMQP message id. */
    @Id
    public String id;

    /** Event type, the routing key. */
    @Column(nullable = false)
    public String type;

    /** The CloudEvent, as published. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** The W3C trace context of the transaction that enqueued it, which the relay's publish continues. */
    public String traceparent;

    public String tracestate;
}
