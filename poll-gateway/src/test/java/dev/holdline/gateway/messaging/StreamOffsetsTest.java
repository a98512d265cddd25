package dev.holdline.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.gateway.messaging.StreamOffsets.Verdict;
import org.junit.jupiter.api.Test;

class StreamOffsetsTest {

    @Test
    void shouldStartFromTheReplayWindowBeforeTheFirstOffset() {
        StreamOffsets offsets = new StreamOffsets();

        assertEquals("30m", offsets.startAt("30m"));
        assertEquals(Verdict.NEXT, offsets.check(1234), "the first offset read is no gap, wherever it is");
    }

    @Test
    void shouldResumeAfterTheLastOffsetHandledAndSkipWhatIsReadAgain() {
        StreamOffsets offsets = new StreamOffsets();
        offsets.handled(10);
        offsets.handled(11);

        assertEquals(12L, offsets.startAt("30m"));
        // a new consumer may be handed what the last one had read already
        assertEquals(Verdict.SEEN, offsets.check(10));
        assertEquals(Verdict.SEEN, offsets.check(11));
        assertEquals(Verdict.NEXT, offsets.check(12));
    }

    @Test
    void shouldTakeOneMissingOffsetForASegmentStart() {
        StreamOffsets offsets = new StreamOffsets();
        offsets.handled(10);

        assertEquals(Verdict.NEXT, offsets.check(12), "RabbitMQ's tracking chunk at a segment start holds no message");
    }

    @Test
    void shouldFindAGapWhereRetentionDroppedOffsets() {
        StreamOffsets offsets = new StreamOffsets();
        offsets.handled(10);

        assertEquals(Verdict.AFTER_GAP, offsets.check(20));
        assertEquals(11, offsets.gapFrom());
        offsets.handled(20);
        assertEquals(Verdict.NEXT, offsets.check(21));
        assertEquals(20, offsets.last());
    }
}
