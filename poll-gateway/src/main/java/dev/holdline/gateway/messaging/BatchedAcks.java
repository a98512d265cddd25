package dev.holdline.gateway.messaging;

import com.rabbitmq.client.Channel;
import org.jboss.logging.Logger;

/**
 * Stream credit given back in batches: a multiple ack every {@code batch} deliveries (one socket write, not one per
 * delivery), the rest by {@link #flush} on an idle timer, and the pending ones of a channel before deliveries of a new
 * one (after a reconnect). Used on one thread (the consumer's Vert.x context).
 */
final class BatchedAcks {

    private static final Logger LOG = Logger.getLogger(BatchedAcks.class);

    private final int batch;
    private Channel channel;
    private long lastTag;
    private int pending;

    BatchedAcks(int batch) {
        this.batch = batch;
    }

    /** The delivery {@code tag} on {@code from} was handled. */
    void ack(Channel from, long tag) {
        if (channel != from) {
            flush();
            channel = from;
        }
        lastTag = tag;
        if (++pending >= batch) {
            flush();
        }
    }

    /** Acks every delivery handled and not acked yet. */
    void flush() {
        if (pending == 0 || channel == null) {
            return;
        }
        try {
            channel.basicAck(lastTag, true);
        } catch (Exception e) {
            LOG.debugf("ack on a closed channel: %s", e.getMessage()); // re-read after the last offset anyway
        }
        pending = 0;
    }

    /** Deliveries handled and not acked yet. */
    int pending() {
        return pending;
    }
}
