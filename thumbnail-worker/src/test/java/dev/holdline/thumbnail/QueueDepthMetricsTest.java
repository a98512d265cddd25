package dev.holdline.thumbnail;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.testing.TestInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * holdline_queue_messages{queue}: the worker reports its queue's and its dead-letter queue's ready messages, which
 * k8s/monitoring alerts on (HoldlineDeadLetters, HoldlineThumbnailQueueDeep), tagged with the production names.
 */
@QuarkusTest
class QueueDepthMetricsTest {

    private static final String DLQ_TAG = "thumbnail-worker.image-uploaded.dlq";

    @Inject
    MeterRegistry meters;

    @Test
    void shouldReportAMessageWaitingInTheDeadLetterQueue() throws Exception {
        String dlq = "thumbnail-worker.image-uploaded" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(DLQ_TAG) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> depth("thumbnail-worker.image-uploaded") == 0);
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", dlq, null, "a dead letter".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
            try {
                await().atMost(Duration.ofSeconds(40)).until(() -> depth(DLQ_TAG) == 1);
            } finally {
                channel.queuePurge(dlq);
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> depth(DLQ_TAG) == 0);
        }
    }

    /** The gauge's value; NaN (never equal) while it could not be read, -1 before it exists. */
    private double depth(String queue) {
        var gauge = meters.find("holdline.queue.messages").tag("queue", queue).gauge();
        return gauge == null ? -1 : gauge.value();
    }
}
