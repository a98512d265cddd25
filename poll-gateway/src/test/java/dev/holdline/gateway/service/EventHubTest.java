package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.testing.TestMappings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventHubTest {

    private final FakeClock clock = new FakeClock();

    private EventHub hub() {
        return hub(Map.of());
    }

    /** A hub with these gateway settings over the defaults of {@link GatewayConfig}. */
    private EventHub hub(Map<String, String> settings) {
        return new EventHub(TestMappings.of(GatewayConfig.class, settings), clock);
    }

    private BufferedEvent event(long offset, String type, int bytes) {
        return new BufferedEvent(offset, "e" + offset, type, clock.instant(),
                JsonNodeFactory.instance.objectNode().put("id", "e" + offset), bytes);
    }

    private BufferedEvent event(long offset) {
        return event(offset, "chat.message", 100);
    }

    private static List<Long> offsets(EventHub.Snapshot snapshot) {
        return snapshot.events().stream().map(BufferedEvent::offset).toList();
    }

    @Test
    void shouldDropACopyOfAnEventTheChannelHoldsAndKeepItOnceTheOriginalIsGone() {
        EventHub hub = hub(Map.of("gateway.buffer.max-events", "2"));
        BufferedEvent original = event(10);
        hub.append(original, List.of("room:a"));
        hub.append(new BufferedEvent(11, original.id(), "chat.message", clock.instant(), original.json(), 100),
                List.of("room:a"));
        assertEquals(List.of(10L), offsets(hub.collect(List.of("room:a"), -1, 100)));
        assertEquals(11L, hub.head(), "the copy's offset is read all the same");

        hub.append(event(12), List.of("room:a"));
        hub.append(event(13), List.of("room:a")); // 10 leaves the ring, and its id with it: the bound is the ring's
        hub.append(new BufferedEvent(14, original.id(), "chat.message", clock.instant(), original.json(), 100),
                List.of("room:a"));
        assertEquals(List.of(13L, 14L), offsets(hub.collect(List.of("room:a"), 11, 100)));
    }

    @Test
    void shouldKeepTheNewestEventsPerChannelAndSayGapToACursorBeforeTheDroppedOnes() {
        EventHub hub = hub(Map.of("gateway.buffer.max-events", "3"));
        for (long offset = 10; offset <= 14; offset++) {
            hub.append(event(offset), List.of("room:a"));
        }
        hub.append(event(15), List.of("room:b")); // another channel's bound is its own

        EventHub.Snapshot fromStart = hub.collect(List.of("room:a"), 9, 100);
        assertEquals(List.of(12L, 13L, 14L), offsets(fromStart));
        assertTrue(fromStart.gap(), "10 and 11 were dropped after cursor 9");
        EventHub.Snapshot fromDropped = hub.collect(List.of("room:a"), 11, 100);
        assertEquals(List.of(12L, 13L, 14L), offsets(fromDropped));
        assertFalse(fromDropped.gap(), "nothing after cursor 11 was dropped");
        assertEquals(List.of(15L), offsets(hub.collect(List.of("room:b"), 9, 100)));
        assertEquals(4L, hub.stats().get("bufferedEvents"));
    }

    @Test
    void shouldKeepARoomsMessagesHoweverManyTypingIndicatorsAndReceiptsFollowThem() {
        EventHub hub = hub(Map.of("gateway.buffer.max-events", "5", "gateway.buffer.max-ephemeral-events", "3"));
        for (long offset = 10; offset < 15; offset++) {
            hub.append(event(offset), List.of("room:a"));
        }
        for (long offset = 15; offset < 115; offset++) {
            hub.append(event(offset, offset % 2 == 0 ? "chat.typing" : "chat.read", 50), List.of("room:a"));
        }

        EventHub.Snapshot all = hub.collect(List.of("room:a"), 9, 100);
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 112L, 113L, 114L), offsets(all),
                "every message, then only the newest typing and read events");
        assertFalse(all.gap(), "no message was lost: old typing indicators are no gap");
        assertEquals(5 * 100L + 3 * 50L, hub.stats().get("bufferedBytes"));
        assertEquals(8L, hub.stats().get("bufferedEvents"));
        assertEquals(List.of(113L, 114L), offsets(hub.collect(List.of("room:a"), 112, 100)));
    }

    @Test
    void shouldDropEventsOlderThanTheTtl() {
        EventHub hub = hub(Map.of("gateway.buffer.ttl", "1m"));
        hub.append(event(10), List.of("room:a"));
        clock.advance(Duration.ofSeconds(30));
        hub.append(event(11), List.of("room:a"));

        assertEquals(List.of(10L, 11L), offsets(hub.collect(List.of("room:a"), 9, 100)));
        clock.advance(Duration.ofSeconds(31)); // 10 is 61 s old, 11 is 31 s old
        EventHub.Snapshot later = hub.collect(List.of("room:a"), 9, 100);
        assertEquals(List.of(11L), offsets(later));
        assertTrue(later.gap());
        assertFalse(hub.collect(List.of("room:a"), 10, 100).gap());
        assertEquals(100L, hub.stats().get("bufferedBytes"));
    }

    @Test
    void shouldEmptyTheLeastRecentlyPolledIdleChannelsPastTheByteBound() {
        EventHub hub = hub(Map.of("gateway.buffer.max-bytes", "1000"));
        List<String> woken = new ArrayList<>();
        EventHub.Waiter waiter = () -> woken.add("waiter");
        hub.addWaiter(waiter, List.of("room:held"));
        hub.append(event(1, "chat.message", 300), List.of("room:old"));
        clock.advance(Duration.ofSeconds(1));
        hub.append(event(2, "chat.message", 300), List.of("room:recent"));
        clock.advance(Duration.ofSeconds(1));
        hub.collect(List.of("room:old"), 0, 100);
        clock.advance(Duration.ofSeconds(1));
        hub.collect(List.of("room:recent"), 0, 100); // polled after room:old
        clock.advance(Duration.ofSeconds(1));
        hub.append(event(3, "chat.message", 300), List.of("room:held"));
        assertEquals(900L, hub.stats().get("bufferedBytes"), "at the bound, not past it: nothing dropped");

        hub.append(event(4, "chat.message", 300), List.of("room:held")); // 1200 bytes

        assertEquals(900L, hub.stats().get("bufferedBytes"), "down to 90% of the bound");
        EventHub.Snapshot old = hub.collect(List.of("room:old"), 0, 100);
        assertEquals(List.of(), offsets(old), "the least recently polled idle channel is emptied");
        assertTrue(old.gap());
        assertEquals(List.of(2L), offsets(hub.collect(List.of("room:recent"), 0, 100)));
        assertEquals(List.of(3L, 4L), offsets(hub.collect(List.of("room:held"), 0, 100)),
                "a channel someone waits on is never emptied");
        assertEquals(List.of("waiter", "waiter"), woken);
    }

    @Test
    void shouldSayGapToACursorFromBeforeTheFirstOffsetThisReplicaRead() {
        EventHub hub = hub();
        hub.append(event(100), List.of("room:a"));
        hub.append(event(101), List.of("room:b"));

        assertTrue(hub.collect(List.of("room:b"), 98, 100).gap(), "offset 99 was never read here");
        assertFalse(hub.collect(List.of("room:b"), 99, 100).gap(), "everything after 99 was read here");
        assertEquals(List.of(101L), offsets(hub.collect(List.of("room:b"), 99, 100)));
    }

    @Test
    void shouldServeAnEventOnTwoPolledChannelsOnceAndPageWithHasMore() {
        EventHub hub = hub();
        hub.append(event(1), List.of("room:a", "user:bob"));
        hub.append(event(2), List.of("user:bob"));
        hub.append(event(3), List.of("room:a"));

        assertEquals(List.of(1L, 2L, 3L), offsets(hub.collect(List.of("room:a", "user:bob"), 0, 100)));
        EventHub.Snapshot page = hub.collect(List.of("room:a", "user:bob"), 0, 2);
        assertEquals(List.of(1L, 2L), offsets(page));
        assertTrue(page.hasMore());
        assertFalse(hub.collect(List.of("room:a", "user:bob"), 2, 2).hasMore());
    }

    @Test
    void shouldSayGapToEveryCursorBeforeOffsetsTheStreamDroppedBeforeTheyWereRead() {
        EventHub hub = hub();
        hub.append(event(1), List.of("room:a"));
        hub.append(event(2), List.of("room:a"));
        hub.missedBefore(10); // 3 to 9 went while this replica could not read
        hub.append(event(10), List.of("room:b"));

        EventHub.Snapshot caughtUp = hub.collect(List.of("room:a"), 2, 100);
        assertTrue(caughtUp.gap(), "a client that had everything up to 2 may have missed 3 to 9");
        assertTrue(hub.collect(List.of("room:b"), 0, 100).gap());
        assertFalse(hub.collect(List.of("room:b"), 9, 100).gap(), "nothing after 9 is missing");
        hub.append(event(11), List.of("room:b"));
        assertFalse(hub.collect(List.of("room:b"), 10, 100).gap());
        assertEquals(List.of(1L, 2L), offsets(hub.collect(List.of("room:a"), 0, 100)), "what was read is kept");
    }

    @Test
    void shouldIgnoreAnOffsetReadAgainAndKeepHeadAndAppendsExact() {
        EventHub hub = hub();
        hub.append(event(5), List.of("room:a"));
        assertTrue(hub.advance(6)); // a marker: nothing for pollers
        hub.append(event(5), List.of("room:a")); // read again after a reconnect
        assertFalse(hub.advance(6));

        assertEquals(List.of(5L), offsets(hub.collect(List.of("room:a"), 0, 100)));
        assertEquals(6, hub.head());
        assertEquals(1, hub.appends());
    }

    @Test
    void shouldWakeTheWaitersOfTheEventsChannelsOnlyUntilTheyAreRemoved() {
        EventHub hub = hub();
        List<String> woken = new ArrayList<>();
        EventHub.Waiter onA = () -> woken.add("a");
        EventHub.Waiter onB = () -> woken.add("b");
        hub.addWaiter(onA, List.of("room:a"));
        hub.addWaiter(onB, List.of("room:b"));

        hub.append(event(1), List.of("room:a"));
        assertEquals(List.of("a"), woken);
        assertEquals(Map.of("room:a", 1, "room:b", 1), hub.stats().get("waitersPerChannel"));
        hub.removeWaiter(onA, List.of("room:a"));
        hub.append(event(2), List.of("room:a"));
        assertEquals(List.of("a"), woken);
    }

    @Test
    void shouldForgetAChannelOnceItsLastWaiterLeavesWithNothingBufferedButKeepOnesWithEventsOrDrops() {
        EventHub hub = hub(Map.of("gateway.buffer.max-events", "1"));
        EventHub.Waiter waiter = () -> { };
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            names.add("room:nobody-" + i);
        }
        hub.addWaiter(waiter, names);
        assertEquals(1_000, hub.channelCount());
        hub.removeWaiter(waiter, names);
        assertEquals(0, hub.channelCount(), "a poll of names nothing is published on leaves nothing behind");

        hub.append(event(1), List.of("room:held"));
        hub.append(event(2), List.of("room:dropped"));
        hub.append(event(3), List.of("room:dropped")); // 2 dropped: the entry remembers it
        hub.addWaiter(waiter, List.of("room:held", "room:dropped"));
        hub.removeWaiter(waiter, List.of("room:held", "room:dropped"));
        assertEquals(2, hub.channelCount());
        assertEquals(List.of(1L), offsets(hub.collect(List.of("room:held"), 0, 100)));
        assertTrue(hub.collect(List.of("room:dropped"), 1, 100).gap());
    }

    @Test
    void shouldNotLoseAnEventOrAWaiterWhenAppendsAndParksRaceTheRemovalOfAChannel() throws Exception {
        EventHub hub = hub();
        int rounds = 2_000;
        java.util.concurrent.atomic.AtomicInteger wakes = new java.util.concurrent.atomic.AtomicInteger();
        EventHub.Waiter steady = wakes::incrementAndGet;
        Thread churn = new Thread(() -> {
            EventHub.Waiter passing = () -> { };
            for (int i = 0; i < rounds; i++) {
                hub.addWaiter(passing, List.of("room:race-" + i));
                hub.removeWaiter(passing, List.of("room:race-" + i));
            }
        });
        churn.start();
        for (int i = 0; i < rounds; i++) {
            hub.addWaiter(steady, List.of("room:race-" + i));
            hub.append(event(i), List.of("room:race-" + i));
        }
        churn.join();
        assertEquals(rounds, wakes.get(), "every append woke the waiter parked on its channel");
        for (int i = 0; i < rounds; i++) {
            assertEquals(List.of((long) i), offsets(hub.collect(List.of("room:race-" + i), -1, 100)),
                    "room:race-" + i + " kept its event");
        }
    }

    @Test
    void shouldFindTheNewestEventOfATypeOnAChannel() {
        EventHub hub = hub();
        hub.append(event(1, "image.uploaded", 10), List.of("image:7"));
        hub.append(event(2, "image.completed", 10), List.of("image:7"));
        hub.append(event(3, "chat.message", 10), List.of("image:7"));

        assertEquals(2, hub.latest("image:7", Set.of("image.uploaded", "image.completed")).offset());
        assertEquals(null, hub.latest("image:8", Set.of("image.uploaded")));
    }
}
