package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutWheelTest {

    private static final long MS = 1_000_000;

    private long now = 5_000 * MS; // any origin
    private final List<String> expired = new ArrayList<>();
    private final TimeoutWheel wheel = new TimeoutWheel(8, 100 * MS, () -> now);

    private final class Poll extends TimeoutWheel.Entry {
        final String name;

        Poll(String name) {
            this.name = name;
        }

        @Override
        void expired() {
            if (wheel.end(this)) {
                expired.add(name);
            }
        }
    }

    private void advance(long millis) {
        now += millis * MS;
        wheel.expireDue();
    }

    @Test
    void shouldExpireNoSoonerThanTheDelayAndAtMostOneTickLater() {
        now += 30 * MS; // added in the middle of a tick
        wheel.add(new Poll("a"), 250 * MS);
        advance(249);
        assertEquals(List.of(), expired);
        advance(70); // 319 ms after it was added: past 250, not yet 350
        assertEquals(List.of("a"), expired);
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldNotExpireAnEntryThatWasEndedAndEndEachEntryOnce() {
        Poll answered = new Poll("answered");
        Poll waiting = new Poll("waiting");
        wheel.add(answered, 100 * MS);
        wheel.add(waiting, 100 * MS);
        assertTrue(wheel.end(answered));
        assertFalse(wheel.end(answered));
        assertTrue(TimeoutWheel.ended(answered));
        assertEquals(1, wheel.size());
        advance(300);
        assertEquals(List.of("waiting"), expired);
        wheel.add(answered, 100 * MS); // an ended entry never comes back
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldExpireDeadlinesLongerThanOneTurnOfTheWheel() {
        wheel.add(new Poll("long"), 2_000 * MS); // 8 slots of 100 ms: two and a half turns
        wheel.add(new Poll("short"), 300 * MS);
        for (int step = 0; step < 19; step++) {
            advance(100);
        }
        assertEquals(List.of("short"), expired);
        advance(200);
        assertEquals(List.of("short", "long"), expired);
    }

    @Test
    void shouldCatchUpWhenTheTickComesLate() {
        wheel.add(new Poll("a"), 100 * MS);
        wheel.add(new Poll("b"), 500 * MS);
        wheel.add(new Poll("c"), 5_000 * MS);
        advance(3_000); // one call, thirty ticks late: walks the wheel once
        assertEquals(List.of("a", "b"), expired.stream().sorted().toList());
        assertEquals(1, wheel.size());
        advance(2_200);
        assertEquals(3, expired.size());
    }

    @Test
    void shouldListAndCountWhatIsOnTheWheel() {
        Poll one = new Poll("one");
        Poll two = new Poll("two");
        wheel.add(one, 100 * MS);
        wheel.add(two, 700 * MS);
        wheel.add(one, 100 * MS); // already on it: no change
        assertEquals(2, wheel.size());
        assertEquals(2, wheel.all().size());
        wheel.end(two);
        assertEquals(List.of(one), wheel.all());
    }
}
