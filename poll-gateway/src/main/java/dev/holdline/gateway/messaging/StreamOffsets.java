package dev.holdline.gateway.messaging;

/**
 * Where this replica is in the stream: the last offset it handled, where a new consumer starts after a reconnect,
 * which deliveries it has handled already (read again after a reconnect) and where the stream's retention dropped
 * offsets before it read them. Plain bookkeeping: the consumer reads it on one thread, the offset gauge from any.
 */
final class StreamOffsets {

    /** What to do with a delivery at some offset. */
    enum Verdict {
        /** Handled already (read again after a reconnect): skip it. */
        SEEN,
        /** The next one to handle. */
        NEXT,
        /** The next one to handle, but offsets before it were dropped unread ({@link #gapFrom}). */
        AFTER_GAP
    }

    /** The last offset handled, -1 before the first; the next consumer starts after it. */
    private volatile long last = -1;

    /** The last offset handled, -1 before the first. */
    long last() {
        return last;
    }

    /**
     * Where a new consumer starts ({@code x-stream-offset}): the offset after the last one handled (a {@link Long}),
     * else {@code replay} (how long ago, {@code 30m}).
     */
    Object startAt(String replay) {
        long handled = last;
        return handled >= 0 ? (Object) (handled + 1) : replay;
    }

    /**
     * The verdict on a delivery at {@code offset}. One offset is skipped where a segment starts (RabbitMQ's tracking
     * chunk, no message); more missing means the stream's retention dropped events before this replica read them.
     */
    Verdict check(long offset) {
        if (offset <= last) {
            return Verdict.SEEN;
        }
        return last >= 0 && offset > last + 2 ? Verdict.AFTER_GAP : Verdict.NEXT;
    }

    /** The first offset of the gap {@link #check} found (the last missing one is the delivery's offset - 1). */
    long gapFrom() {
        return last + 1;
    }

    /** The delivery at {@code offset} was handled (whether it was an event, a marker or skipped). */
    void handled(long offset) {
        last = offset;
    }
}
