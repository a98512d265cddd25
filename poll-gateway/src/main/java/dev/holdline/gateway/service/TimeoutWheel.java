package dev.holdline.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The deadlines of parked polls, on a hashed wheel of coarse ticks instead of a timer each: a parked poll costs
 * two links and a tick number in its own object (no timer task, no map entry, no priority-queue work to cancel
 * it), and one periodic call to {@link #expireDue()} finds every poll whose time is up. A poll times out between
 * its timeout and its timeout plus one tick (plus the lateness of the periodic call). One lock guards the wheel:
 * entries are added and ended from the event loops and from the stream's thread, each in a few nanoseconds.
 * The wheel also knows every entry still on it, for the stats and for answering them all at shutdown.
 */
final class TimeoutWheel {

    /** Something with a deadline on the wheel. Its fields belong to the wheel. */
    abstract static class Entry {
        private Entry previous;
        private Entry next;
        private long tick = -1; // the tick it expires at; -1 when it is on no slot
        private volatile boolean ended;

        /** Its deadline passed; it is off the wheel but not yet ended: call {@link #end(Entry)} to claim it. */
        abstract void expired();
    }

    private final long tickNanos;
    private final LongSupplier clock;
    private final long origin;
    private final Entry[] slots;
    private long expiredThrough;
    private int size;

    /** {@code slots} wide (the longer deadlines go round more than once), ticking every {@code tickNanos}. */
    TimeoutWheel(int slots, long tickNanos, LongSupplier clock) {
        this.tickNanos = tickNanos;
        this.clock = clock;
        this.origin = clock.getAsLong();
        this.slots = new Entry[slots];
    }

    private long now() {
        return (clock.getAsLong() - origin) / tickNanos;
    }

    /** Puts {@code entry} on the wheel to expire no sooner than {@code delayNanos} from now. */
    synchronized void add(Entry entry, long delayNanos) {
        if (entry.ended || entry.tick >= 0) {
            return;
        }
        // the first tick boundary after now + delay: never early, at most one tick late
        long tick = Math.max((clock.getAsLong() - origin + delayNanos) / tickNanos + 1, expiredThrough + 1);
        entry.tick = tick;
        int slot = (int) (tick % slots.length);
        entry.previous = null;
        entry.next = slots[slot];
        if (entry.next != null) {
            entry.next.previous = entry;
        }
        slots[slot] = entry;
        size++;
    }

    /**
     * Takes {@code entry} off the wheel for good. True for the one call that ends it, so that of a deadline, an
     * event and a departing client racing to finish a poll, exactly one does.
     */
    synchronized boolean end(Entry entry) {
        if (entry.ended) {
            return false;
        }
        entry.ended = true;
        unlink(entry);
        return true;
    }

    /** Whether {@code entry} has been ended (a glance, without the lock: {@link #end} decides). */
    static boolean ended(Entry entry) {
        return entry.ended;
    }

    /** Calls {@link Entry#expired()}, outside the lock, on every entry whose deadline has passed. */
    void expireDue() {
        List<Entry> due = new ArrayList<>();
        synchronized (this) {
            long now = now();
            // a late call catches up, but never walks the wheel more than once
            long from = Math.max(expiredThrough + 1, now - slots.length + 1);
            for (long tick = from; tick <= now; tick++) {
                Entry entry = slots[(int) (tick % slots.length)];
                while (entry != null) {
                    Entry next = entry.next;
                    if (entry.tick <= now) {
                        unlink(entry);
                        due.add(entry);
                    }
                    entry = next;
                }
            }
            expiredThrough = Math.max(expiredThrough, now);
        }
        for (Entry entry : due) {
            entry.expired();
        }
    }

    /** Every entry still on the wheel. */
    synchronized List<Entry> all() {
        List<Entry> all = new ArrayList<>(size);
        for (Entry head : slots) {
            for (Entry entry = head; entry != null; entry = entry.next) {
                all.add(entry);
            }
        }
        return all;
    }

    /** How many entries are on the wheel. */
    synchronized int size() {
        return size;
    }

    private void unlink(Entry entry) {
        if (entry.tick < 0) {
            return;
        }
        if (entry.previous != null) {
            entry.previous.next = entry.next;
        } else {
            slots[(int) (entry.tick % slots.length)] = entry.next;
        }
        if (entry.next != null) {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.tick = -1;
        size--;
    }
}
