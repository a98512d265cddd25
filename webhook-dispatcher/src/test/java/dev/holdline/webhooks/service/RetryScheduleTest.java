package dev.holdline.webhooks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final List<Duration> DEFAULT = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));

    @Test
    void shouldGiveEightAttemptsAndStopAfterTheLast() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0, Duration.ofSeconds(1), Duration.ofHours(6));

        assertEquals(8, schedule.attempts());
        assertEquals(Duration.ofSeconds(5), schedule.next(1, null).orElseThrow());
        assertEquals(Duration.ofHours(10), schedule.next(7, null).orElseThrow());
        assertTrue(schedule.next(8, null).isEmpty());
    }

    @Test
    void shouldJitterWithinTwentyPercentEitherWay() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0.2, Duration.ofSeconds(1), Duration.ofHours(6));
        long low = Long.MAX_VALUE;
        long high = 0;
        for (int i = 0; i < 2000; i++) {
            long millis = schedule.next(2, null).orElseThrow().toMillis();
            low = Math.min(low, millis);
            high = Math.max(high, millis);
        }

        assertTrue(low >= 240_000 && low < 250_000, "lowest " + low);
        assertTrue(high <= 360_000 && high > 350_000, "highest " + high);
    }

    @Test
    void shouldWaitOutALongerRetryAfterWithinItsBounds() {
        RetrySchedule schedule = new RetrySchedule(DEFAULT, 0, Duration.ofSeconds(1), Duration.ofHours(6));

        assertEquals(Duration.ofSeconds(120), schedule.next(1, Duration.ofSeconds(120)).orElseThrow());
        assertEquals(Duration.ofSeconds(5), schedule.next(1, Duration.ofSeconds(2)).orElseThrow());
        assertEquals(Duration.ofHours(10), schedule.next(6, Duration.ofDays(3)).orElseThrow());
        assertEquals(Duration.ofHours(6), schedule.next(1, Duration.ofDays(3)).orElseThrow());
        assertEquals(Duration.ofHours(6), schedule.next(1, Duration.ofSeconds(Long.MAX_VALUE / 2)).orElseThrow());
    }
}
