package dev.holdline.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaLivenessTest {

    private final FakeClock clock = new FakeClock();

    private ReplicaLiveness liveness(String self, Duration grace) {
        return new ReplicaLiveness(self, grace, clock);
    }

    private long now() {
        return clock.millis();
    }

    @Test
    void shouldBeatEveryHalfGraceBetweenOneAndThirtySecondsAndWaitThreeBeatsAndTenSecondsAtLeast() {
        ReplicaLiveness usual = liveness("m", Duration.ofSeconds(20));
        assertEquals(10_000, usual.heartbeatMillis());
        assertEquals(30_000, usual.silenceMillis());
        ReplicaLiveness brief = liveness("m", Duration.ofSeconds(1));
        assertEquals(1_000, brief.heartbeatMillis());
        assertEquals(10_000, brief.silenceMillis());
        ReplicaLiveness lengthy = liveness("m", Duration.ofMinutes(5));
        assertEquals(30_000, lengthy.heartbeatMillis());
        assertEquals(90_000, lengthy.silenceMillis());
    }

    @Test
    void shouldBeDueForAHeartbeatAtOnceAndThenOncePerPeriod() {
        ReplicaLiveness liveness = liveness("m", Duration.ofSeconds(20));
        assertTrue(liveness.heartbeatDue());
        assertFalse(liveness.heartbeatDue());
        clock.advance(Duration.ofMillis(9_999));
        assertFalse(liveness.heartbeatDue());
        clock.advance(Duration.ofMillis(1));
        assertTrue(liveness.heartbeatDue());
        assertFalse(liveness.heartbeatDue());
    }

    @Test
    void shouldTakeASilentReplicaForGoneOnlyOnceItsSilenceIsLongerThanAllowed() {
        ReplicaLiveness liveness = liveness("m", Duration.ofSeconds(20)); // silence: 30 s
        long said = now();
        liveness.heard("z", said, false);
        clock.advance(Duration.ofSeconds(20));
        liveness.heard("z", now(), false); // a heartbeat after the word
        clock.advance(Duration.ofSeconds(30));
        assertFalse(liveness.gone("z", said), "heard 30 s ago: not yet");
        clock.advance(Duration.ofMillis(1));
        assertTrue(liveness.gone("z", said));
        assertFalse(liveness.gone("z", now() - 1_000), "a word said since counts as being heard");
    }

    @Test
    void shouldJudgeAReplicaNeverHeardFromByWhenItsWordWasSaid() {
        ReplicaLiveness liveness = liveness("m", Duration.ofSeconds(20));
        long said = now();
        clock.advance(Duration.ofSeconds(30));
        assertFalse(liveness.gone("unknown", said));
        clock.advance(Duration.ofMillis(1));
        assertTrue(liveness.gone("unknown", said));
    }

    @Test
    void shouldTakeAReplicaThatSaidGoodbyeForGoneOnceTheGraceHasPassed() {
        ReplicaLiveness liveness = liveness("m", Duration.ofSeconds(20));
        long said = now();
        liveness.heard("z", said, false);
        clock.advance(Duration.ofSeconds(5));
        liveness.heard("z", now(), true);
        clock.advance(Duration.ofMillis(19_999));
        assertFalse(liveness.gone("z", said));
        clock.advance(Duration.ofMillis(1));
        assertTrue(liveness.gone("z", said), "goodbye + grace, well before its silence would count");
        liveness.heard("z", now(), false); // a late heartbeat read after the goodbye does not undo it
        assertTrue(liveness.gone("z", said));
    }

    @Test
    void shouldLetOnlyTheLiveReplicaWithTheSmallestIdSpeakForTheGone() {
        ReplicaLiveness m = liveness("m", Duration.ofSeconds(20));
        assertTrue(m.speaksForTheGone(), "alone");
        m.heard("z", now(), false);
        assertTrue(m.speaksForTheGone(), "z comes after m");
        m.heard("a", now(), false);
        assertFalse(m.speaksForTheGone(), "a is alive and comes first");
        clock.advance(Duration.ofSeconds(30));
        assertFalse(m.speaksForTheGone());
        clock.advance(Duration.ofMillis(1));
        assertTrue(m.speaksForTheGone(), "a has been silent too long");
        m.heard("a", now(), false);
        assertFalse(m.speaksForTheGone(), "a is back");
        m.heard("a", now(), true);
        assertTrue(m.speaksForTheGone(), "a said goodbye");
    }

    @Test
    void shouldForgetReplicasHeardBeforeAGivenTime() {
        ReplicaLiveness m = liveness("m", Duration.ofSeconds(20));
        m.heard("a", now(), true);
        clock.advance(Duration.ofSeconds(20));
        assertTrue(m.gone("a", now()), "by its goodbye");
        m.forgetHeardBefore(now());
        assertFalse(m.gone("a", now()), "forgotten: judged by the word alone, said just now");
    }
}
