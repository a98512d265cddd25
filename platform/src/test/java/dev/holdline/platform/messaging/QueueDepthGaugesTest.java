package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueueDepthGaugesTest {

    @Test
    void shouldPutARunsSuffixBeforeTheDeadLetterQueuesDlq() {
        assertEquals("thumbnail-worker.image-uploaded.r1.dlq",
                QueueDepthGauges.actualName("thumbnail-worker.image-uploaded.dlq", ".r1"));
        assertEquals("thumbnail-worker.image-uploaded.r1", QueueDepthGauges.actualName("thumbnail-worker.image-uploaded", ".r1"));
        assertEquals("webhook-dispatcher.events.dlq", QueueDepthGauges.actualName("webhook-dispatcher.events.dlq", ""));
    }
}
