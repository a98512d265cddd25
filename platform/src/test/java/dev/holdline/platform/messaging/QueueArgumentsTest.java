package dev.holdline.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.holdline.platform.PlatformMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueArgumentsTest {

    private static EventsConfig.Queue queue(int replicas) {
        return PlatformMappings.of(EventsConfig.class, Map.of("holdline.events.queue.replicas", "" + replicas)).queue();
    }

    @Test
    void shouldBoundTheQueueAndReplicateItOnThreeNodes() {
        assertEquals(Map.of("x-max-length", 500_000L, "x-max-length-bytes", 536_870_912L,
                "x-overflow", "reject-publish", "x-quorum-initial-group-size", 3), QueueArguments.arguments(queue(3)));
    }

    @Test
    void shouldLeaveTheGroupSizeOutWithZeroReplicasForAQueueKeptFromBefore() {
        Map<String, Object> arguments = QueueArguments.arguments(queue(0));
        assertFalse(arguments.containsKey("x-quorum-initial-group-size"), arguments.toString());
        assertEquals("reject-publish", arguments.get("x-overflow"));
    }

    @Test
    void shouldReplicateTheStreamOnThreeNodesWithItsLeaderBalanced() {
        assertEquals(Map.of("x-initial-cluster-size", 3, "x-queue-leader-locator", "balanced"), Replication.stream(3));
        assertEquals(Map.of(), Replication.stream(0));
    }
}
