package dev.holdline.webhooks.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.webhooks.model.CircuitPolicy.Outcomes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitPolicyTest {

    private static final CircuitPolicy POLICY = new CircuitPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(10));
    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");
    private static final Outcomes FAILED = Outcomes.NONE.then(false, false);
    private static final Outcomes SUCCEEDED = Outcomes.NONE.then(true, false);

    private static Circuit failTimes(Circuit circuit, int times, Instant now) {
        for (int i = 0; i < times; i++) {
            circuit = POLICY.after(circuit, FAILED, now);
        }
        return circuit;
    }

    @Test
    void shouldStayClosedBelowTheFailureThresholdCountingFromTheFirstFailure() {
        Circuit once = POLICY.after(Circuit.CLOSED, FAILED, T0);
        Circuit twice = POLICY.after(once, FAILED, T0.plusSeconds(1));

        assertEquals(2, twice.consecutiveFailures());
        assertEquals(T0, twice.failingSince(), "failing since the first failure, not the latest");
        assertNull(twice.openUntil());
        assertTrue(twice.admits(T0.plusSeconds(1)));
    }

    @Test
    void shouldOpenAtTheFailureThresholdForTheFirstOpenPeriod() {
        Circuit open = failTimes(Circuit.CLOSED, 3, T0);

        assertEquals(3, open.consecutiveFailures());
        assertEquals(T0.plusSeconds(5), open.openUntil());
        assertFalse(open.admits(T0));
        assertFalse(open.admits(T0.plusMillis(4_999)));
    }

    @Test
    void shouldOpenAtOnceWhenOneBatchHoldsTheThresholdsFailures() {
        Outcomes threeFailures = FAILED.then(false, false).then(false, false);

        Circuit open = POLICY.after(Circuit.CLOSED, threeFailures, T0);

        assertEquals(3, open.consecutiveFailures());
        assertEquals(T0.plusSeconds(5), open.openUntil());
    }

    @Test
    void shouldAdmitATrialOnceTheCoolDownIsOver() {
        Circuit open = failTimes(Circuit.CLOSED, 3, T0);

        assertTrue(open.admits(T0.plusSeconds(5)), "half-open at the end of the cool-down");
        assertTrue(open.admits(T0.plusSeconds(60)));
        assertEquals(T0.plusSeconds(5), open.openUntil(), "nothing changes until the trial's outcome is in");
    }

    @Test
    void shouldCloseOnASuccessfulTrial() {
        Circuit open = failTimes(Circuit.CLOSED, 3, T0);
        Instant trial = T0.plusSeconds(6);

        Circuit closed = POLICY.after(open, SUCCEEDED, trial);

        assertEquals(new Circuit(0, null, null, trial), closed);
        assertTrue(closed.admits(trial));
    }

    @Test
    void shouldReopenForTwiceAsLongOnAFailedTrial() {
        Circuit open = failTimes(Circuit.CLOSED, 3, T0);
        Instant trial = T0.plusSeconds(6);

        Circuit reopened = POLICY.after(open, FAILED, trial);

        assertEquals(4, reopened.consecutiveFailures());
        assertEquals(trial.plusSeconds(10), reopened.openUntil());
        assertEquals(T0, reopened.failingSince());
        assertFalse(reopened.admits(trial.plusSeconds(9)));
        assertEquals(trial.plusSeconds(20), POLICY.after(reopened, FAILED, trial).openUntil(), "and again");
    }

    @Test
    void shouldCapTheOpenPeriodAtItsMaximum() {
        Circuit longFailing = failTimes(Circuit.CLOSED, 3 + 7, T0); // 5 s * 2^7 = 640 s > 10 min

        assertEquals(T0.plus(Duration.ofMinutes(10)), longFailing.openUntil());
    }

    @Test
    void shouldDoubleAtMostTwentyTimes() {
        CircuitPolicy policy = new CircuitPolicy(1, Duration.ofMillis(1), Duration.ofDays(365));
        Circuit circuit = Circuit.CLOSED;
        for (int i = 0; i < 40; i++) {
            circuit = policy.after(circuit, FAILED, T0);
        }

        assertEquals(T0.plusMillis(1L << 20), circuit.openUntil());
    }

    @Test
    void shouldCountOnlyTheFailuresAfterABatchsLastSuccess() {
        Circuit open = failTimes(Circuit.CLOSED, 3, T0);
        Outcomes failedSucceededFailed = FAILED.then(true, false).then(false, false);
        Instant now = T0.plusSeconds(6);

        Circuit after = POLICY.after(open, failedSucceededFailed, now);

        assertEquals(1, after.consecutiveFailures(), "the failures before the success no longer count");
        assertEquals(now, after.failingSince(), "failing again since this batch");
        assertEquals(now, after.lastSuccessAt());
        assertNull(after.openUntil());
    }

    @Test
    void shouldKeepTheLastSuccessThroughLaterFailures() {
        Circuit succeeded = POLICY.after(Circuit.CLOSED, SUCCEEDED, T0);

        Circuit failed = POLICY.after(succeeded, FAILED, T0.plusSeconds(1));

        assertEquals(T0, failed.lastSuccessAt());
        assertEquals(T0.plusSeconds(1), failed.failingSince());
    }

    @Test
    void shouldFoldABatchsOutcomesInOrderRememberingAGone() {
        Outcomes batch = Outcomes.NONE.then(false, false).then(false, true).then(true, false).then(false, false);

        assertEquals(new Outcomes(1, true, true), batch);
        assertEquals(new Outcomes(0, true, false), FAILED.then(true, false));
    }
}
