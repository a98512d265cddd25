package dev.holdline.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchedAcksTest {

    /** The multiple acks sent on one channel: {@code name:tag}. */
    private final List<String> sent = new ArrayList<>();

    private Channel channel(String name) {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("basicAck")) {
                        assertEquals(true, args[1], "one multiple ack for the batch");
                        sent.add(name + ":" + args[0]);
                        return null;
                    }
                    if (method.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void shouldAckOnceABatchIsFull() {
        BatchedAcks acks = new BatchedAcks(3);
        Channel channel = channel("a");

        acks.ack(channel, 1);
        acks.ack(channel, 2);
        assertEquals(List.of(), sent);
        acks.ack(channel, 3);

        assertEquals(List.of("a:3"), sent);
        assertEquals(0, acks.pending());
    }

    @Test
    void shouldAckTheRestWhenFlushedAndNothingWhenNothingIsPending() {
        BatchedAcks acks = new BatchedAcks(50);
        Channel channel = channel("a");
        acks.ack(channel, 1);
        acks.ack(channel, 2);

        acks.flush();
        acks.flush();

        assertEquals(List.of("a:2"), sent);
    }

    @Test
    void shouldAckAnOldChannelsDeliveriesBeforeANewChannels() {
        BatchedAcks acks = new BatchedAcks(50);
        Channel before = channel("before");
        Channel after = channel("after");
        acks.ack(before, 7);

        acks.ack(after, 1); // a reconnect: delivery tags start again on the new channel
        acks.flush();

        assertEquals(List.of("before:7", "after:1"), sent);
    }
}
