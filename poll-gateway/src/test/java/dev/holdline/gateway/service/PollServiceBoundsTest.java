package dev.holdline.gateway.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.testing.TestMappings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 24: polls for names nobody publishes on, by users who hang up, leave nothing behind in the gateway. */
class PollServiceBoundsTest {

    private final FakeClock clock = new FakeClock();
    private final GatewayConfig config = TestMappings.of(GatewayConfig.class);
    private final Vertx vertx = Vertx.vertx();
    private final EventHub hub = new EventHub(config, clock);
    private final PollService polls = new PollService(hub, vertx, config, new ObjectMapper(), new StreamEpoch(clock),
            new SimpleMeterRegistry());

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** 1,000 distinct room names, 32 per poll, as one signed-in user may ask for them. */
    private static List<List<String>> thousandRoomsInPolls() {
        List<List<String>> polls = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add("room:probe-" + i);
            if (batch.size() == 32 || i == 999) {
                polls.add(List.copyOf(batch));
                batch.clear();
            }
        }
        return polls;
    }

    @Test
    void shouldForgetEveryChannelAndUserOfPollsAbortedAtOnce() {
        int baseline = hub.channelCount();
        for (List<String> channels : thousandRoomsInPolls()) {
            PollService.PollHandle handle = polls.poll("mallory", channels, null, null, 1, 100, answer -> { });
            assertEquals(true, handle.cancel(), "the poll was parked, then the client hung up");
        }
        assertEquals(baseline, hub.channelCount());
        assertEquals(0, polls.usersParked());
        assertEquals(0, polls.parkedCount("mallory"));
        assertEquals(0, polls.memoSize(), "empty answers are not kept");
    }

    @Test
    void shouldForgetEveryChannelAndUserOfPollsThatTimeOut() {
        int baseline = hub.channelCount();
        AtomicInteger answered = new AtomicInteger();
        List<List<String>> batches = thousandRoomsInPolls();
        for (List<String> channels : batches) {
            // one user per poll: the per-user bound (8) would refuse the rest, and each user's entry must go
            polls.poll("user-" + channels.get(0), channels, null, null, 1, 100, answer -> answered.incrementAndGet());
        }
        assertNotEquals(baseline, hub.channelCount(), "while the polls wait their channels are held");
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() == batches.size());
        assertEquals(baseline, hub.channelCount());
        assertEquals(0, polls.usersParked());
    }

    @Test
    void shouldShareAtMostABoundedNumberOfAnswersPerAppend() {
        hub.append(new BufferedEvent(1, "e1", "chat.message", clock.instant(),
                JsonNodeFactory.instance.objectNode().put("id", "e1"), 10), List.of("room:busy"));
        List<Buffer> answers = new ArrayList<>();
        for (int limit = 1; limit <= PollService.MAX_MEMO_ANSWERS + 500; limit++) { // each limit its own key
            polls.poll("reader", List.of("room:busy"), 0L, null, 1, limit, answers::add);
        }
        assertEquals(PollService.MAX_MEMO_ANSWERS + 500, answers.size(), "every poll was answered at once");
        assertEquals(PollService.MAX_MEMO_ANSWERS, polls.memoSize());
    }
}
