package dev.holdline.gateway.service;

import dev.holdline.events.EventTypes;
import dev.holdline.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-channel ring buffers, filled from the stream, and the parked polls waiting on them. Bounded three
 * ways: events per channel, age, and total bytes (idle channels evicted first). Whatever is dropped is
 * remembered as "dropped through offset N" per channel, so that a poll from before it gets {@code gap}.
 * Typing indicators and read receipts ({@link #EPHEMERAL}) have a small ring of their own per channel: a
 * burst of them never pushes a room's messages out, and losing an old one is not a gap.
 * <p>
 * An event whose id the channel still holds is not appended again: the copy a lost publisher confirm's retry makes
 * (an idempotent chat post publishes the same id twice) is shown once. Bounded by the channel's own rings: the ids
 * remembered are those of the events it buffers, no more.
 * <p>
 * A channel's entry lives only while it has waiters, buffered events or a drop to remember: a poll of a name
 * nothing is published on leaves nothing behind once it ends. Entries are created, filled, parked on and removed
 * only inside the map's own {@code compute} for that name, so that a removal never races an append or a park
 * into losing an event or a waiter.
 */
@Singleton
public class EventHub {

    /** A parked poll's hook on its channels; {@link #wake()} runs on the thread that appended the event. */
    public interface Waiter {
        void wake();
    }

    /** What a poll gets from the buffers now. */
    public record Snapshot(List<BufferedEvent> events, boolean hasMore, boolean gap) {
    }

    /** Event types that are news only for a moment. */
    public static final Set<String> EPHEMERAL = Set.of(EventTypes.CHAT_TYPING, EventTypes.CHAT_READ);

    private static final class Channel {
        final ArrayDeque<BufferedEvent> events = new ArrayDeque<>();
        final ArrayDeque<BufferedEvent> ephemeral = new ArrayDeque<>();
        final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
        /** The ids of the events in both rings (bounded by them): a copy of one of these is dropped. */
        final Set<String> ids = new java.util.HashSet<>();
        long droppedThrough = -1;
        long bytes;
        /** When it was last polled (or created): idle channels are emptied least recently used first. */
        volatile Instant lastUsed;

        Channel(Instant now) {
            this.lastUsed = now;
        }

        /** Nothing to serve, wake or remember (no drop a later poll must hear of as a gap): safe to forget. */
        boolean forgettable() {
            return waiters.isEmpty() && events.isEmpty() && ephemeral.isEmpty() && droppedThrough < 0;
        }
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final int maxEvents;
    private final int maxEphemeral;
    private final Duration ttl;
    private final long maxBytes;
    private final Clock clock;
    private volatile long head = -1;
    private volatile long floor = -1;
    private final AtomicLong appends = new AtomicLong();

    public EventHub(GatewayConfig config, Clock clock) {
        this.maxEvents = config.buffer().maxEvents();
        this.maxEphemeral = config.buffer().maxEphemeralEvents();
        this.ttl = config.buffer().ttl();
        this.maxBytes = config.buffer().maxBytes();
        this.clock = clock;
    }

    /** The offset of the newest event seen: "now" for a poll without a cursor. */
    public long head() {
        return head;
    }

    /**
     * The offset to resume after for "everything from now on", as a cursor answered outside a poll (a room's history,
     * {@code GET /api/poll/cursor}): one before the head, because the head's event may still be on its way into its
     * channels ({@link #append} advances the head first); a poll from it may bring that one event again (same id).
     */
    public long resumePoint() {
        return Math.max(-1, head - 1);
    }

    /** Counts appended events: answers computed for the same count are the same answers. */
    public long appends() {
        return appends.get();
    }

    /**
     * Notes a stream offset read that carries nothing for pollers (an event without channels, a catch-up
     * marker), so that "now" and "what this replica has seen" stay exact. False if it was read before.
     */
    public synchronized boolean advance(long offset) {
        if (offset <= head) {
            return false; // a re-read after a reconnect: already held
        }
        if (floor < 0) {
            floor = offset;
        }
        head = offset;
        return true;
    }

    /** Adds an event read from the stream at {@code offset} to its channels and wakes their waiters. */
    public void append(BufferedEvent event, List<String> channelNames) {
        if (!advance(event.offset())) {
            return;
        }
        List<Waiter> toWake = new ArrayList<>();
        Instant now = clock.instant();
        for (String name : channelNames) {
            channels.compute(name, (n, existing) -> {
                Channel channel = existing == null ? new Channel(now) : existing;
                synchronized (channel) {
                    if (!channel.ids.add(event.id())) {
                        return channel; // a copy of an event held: shown once
                    }
                    (EPHEMERAL.contains(event.type()) ? channel.ephemeral : channel.events).addLast(event);
                    channel.bytes += event.bytes();
                    bufferedBytes.addAndGet(event.bytes());
                    trim(channel, now);
                }
                toWake.addAll(channel.waiters);
                return channel;
            });
        }
        if (bufferedBytes.get() > maxBytes) {
            evictIdle();
        }
        appends.incrementAndGet();
        for (Waiter waiter : toWake) {
            waiter.wake();
        }
    }

    /**
     * The stream no longer held some events before {@code offset} when this replica came to read them (its
     * retention dropped them during an outage): every poll from before {@code offset} gets {@code gap} from now on.
     */
    public synchronized void missedBefore(long offset) {
        floor = Math.max(floor, offset);
    }

    /** Events after {@code after} on any of {@code names}, oldest first, at most {@code limit}. */
    public Snapshot collect(List<String> names, long after, int limit) {
        List<BufferedEvent> found = new ArrayList<>();
        boolean gap = floor >= 0 && after < floor - 1;
        Instant now = clock.instant();
        for (String name : names) {
            Channel channel = channels.get(name);
            if (channel == null) {
                continue;
            }
            channel.lastUsed = now;
            synchronized (channel) {
                trim(channel, now);
                if (channel.droppedThrough > after) {
                    gap = true;
                }
                newerThan(channel.events, after, found);
                newerThan(channel.ephemeral, after, found);
            }
        }
        found.sort(Comparator.comparingLong(BufferedEvent::offset));
        List<BufferedEvent> distinct = new ArrayList<>(found.size());
        for (BufferedEvent event : found) { // an event on two polled channels is served once
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1).offset() != event.offset()) {
                distinct.add(event);
            }
        }
        boolean hasMore = distinct.size() > limit;
        return new Snapshot(hasMore ? List.copyOf(distinct.subList(0, limit)) : distinct, hasMore, gap);
    }

    private static void newerThan(ArrayDeque<BufferedEvent> events, long after, List<BufferedEvent> found) {
        Iterator<BufferedEvent> newestFirst = events.descendingIterator();
        while (newestFirst.hasNext()) {
            BufferedEvent event = newestFirst.next();
            if (event.offset() <= after) {
                break;
            }
            found.add(event);
        }
    }

    /** The newest event of a channel matching a type (not an ephemeral one), if held. */
    public BufferedEvent latest(String name, Set<String> types) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return null;
        }
        synchronized (channel) {
            Iterator<BufferedEvent> newestFirst = channel.events.descendingIterator();
            while (newestFirst.hasNext()) {
                BufferedEvent event = newestFirst.next();
                if (types.contains(event.type())) {
                    return event;
                }
            }
        }
        return null;
    }

    /** {@code waiter} is woken by every event appended to {@code names} until it is removed. */
    public void addWaiter(Waiter waiter, List<String> names) {
        for (String name : names) {
            channels.compute(name, (n, existing) -> {
                Channel channel = existing == null ? new Channel(clock.instant()) : existing;
                channel.waiters.add(waiter);
                return channel;
            });
        }
    }

    /** Stops waking {@code waiter}; a channel left with nothing to hold is forgotten. */
    public void removeWaiter(Waiter waiter, List<String> names) {
        for (String name : names) {
            channels.computeIfPresent(name, (n, channel) -> {
                channel.waiters.remove(waiter);
                return forgetIfIdle(channel);
            });
        }
    }

    /** The channel entries held now, however empty: bounded by the channels with waiters, events or drops. */
    int channelCount() {
        return channels.size();
    }

    /** Null (remove the entry) when the channel has nothing left to hold; called inside the map's compute. */
    private static Channel forgetIfIdle(Channel channel) {
        synchronized (channel) {
            return channel.forgettable() ? null : channel;
        }
    }

    public Map<String, Object> stats() {
        Map<String, Integer> waitersPerChannel = new HashMap<>();
        long events = 0;
        int held = 0;
        Set<Waiter> distinctWaiters = new java.util.HashSet<>();
        for (Map.Entry<String, Channel> entry : channels.entrySet()) {
            Channel channel = entry.getValue();
            int waiting = channel.waiters.size();
            distinctWaiters.addAll(channel.waiters);
            if (waiting > 0) {
                waitersPerChannel.put(entry.getKey(), waiting);
            }
            synchronized (channel) {
                events += channel.events.size() + channel.ephemeral.size();
                if (!channel.events.isEmpty() || !channel.ephemeral.isEmpty()) {
                    held++;
                }
            }
        }
        Map<String, Object> stats = new HashMap<>();
        stats.put("waiters", distinctWaiters.size());
        stats.put("channels", held);
        stats.put("waitersPerChannel", waitersPerChannel);
        stats.put("bufferedEvents", events);
        stats.put("bufferedBytes", bufferedBytes.get());
        stats.put("streamOffset", head);
        stats.put("firstOffset", floor);
        return stats;
    }

    private void trim(Channel channel, Instant now) {
        Instant oldest = now.minus(ttl);
        while (!channel.events.isEmpty() && (channel.events.size() > maxEvents
                || channel.events.peekFirst().receivedAt().isBefore(oldest))) {
            drop(channel, channel.events.removeFirst());
        }
        while (!channel.ephemeral.isEmpty() && (channel.ephemeral.size() > maxEphemeral
                || channel.ephemeral.peekFirst().receivedAt().isBefore(oldest))) {
            forget(channel, channel.ephemeral.removeFirst());
        }
    }

    private void drop(Channel channel, BufferedEvent event) {
        channel.droppedThrough = Math.max(channel.droppedThrough, event.offset());
        forget(channel, event);
    }

    /** Out of the buffer without a gap: an ephemeral event, or the bytes of a dropped one. */
    private void forget(Channel channel, BufferedEvent event) {
        channel.ids.remove(event.id());
        channel.bytes -= event.bytes();
        bufferedBytes.addAndGet(-event.bytes());
    }

    /** Over the byte bound: empty the least recently polled channels nobody is waiting on. */
    private synchronized void evictIdle() {
        List<Map.Entry<String, Channel>> idle = new ArrayList<>(channels.entrySet());
        idle.removeIf(e -> !e.getValue().waiters.isEmpty());
        idle.sort(Comparator.comparing(e -> e.getValue().lastUsed));
        for (Map.Entry<String, Channel> entry : idle) {
            if (bufferedBytes.get() <= maxBytes * 9 / 10) {
                return;
            }
            // emptied channels keep their entry: it remembers the drop, so that a poll from before it hears gap
            Channel channel = entry.getValue();
            synchronized (channel) {
                while (!channel.events.isEmpty()) {
                    drop(channel, channel.events.removeFirst());
                }
                while (!channel.ephemeral.isEmpty()) {
                    forget(channel, channel.ephemeral.removeFirst());
                }
            }
        }
    }
}
