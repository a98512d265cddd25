package dev.holdline.gateway.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.platform.messaging.EventsConfig;
import dev.holdline.platform.messaging.Replication;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The stream {@code poll-gateway.events} as this replica declares it: bound to {@code #} on the events exchange and
 * to its own fanout exchange of catch-up markers ({@link #markers}), bounded by age and by bytes and replicated on
 * {@code gateway.stream.replicas} nodes with its leader placed {@code balanced} ({@link Replication#stream}).
 *
 * <p>A stream declared earlier with other arguments (an older version, or an operator's choice) is kept as it is,
 * with a warning: RabbitMQ refuses to change a queue's arguments, and deleting the stream would void every cursor. A
 * policy changes its bounds and leader locator; {@code rabbitmq-streams add_replica} its replicas.
 */
@ApplicationScoped
public class StreamDeclaration {

    private static final Logger LOG = Logger.getLogger(StreamDeclaration.class);

    private final String exchange;
    private final String queue;
    private final GatewayConfig.Stream stream;
    /** A stream found with other bounds was warned about once. */
    private volatile boolean keptOtherBounds;

    public StreamDeclaration(EventsConfig events, GatewayConfig config) {
        this.exchange = events.exchange();
        this.queue = StreamConsumer.QUEUE + events.queueSuffix().orElse("");
        this.stream = config.stream();
    }

    /** The exchange that takes the replicas' catch-up markers into {@code stream} (and nowhere else). */
    static String markers(String stream) {
        return stream + ".markers";
    }

    /** The stream's name (with the run's suffix in tests). */
    String queue() {
        return queue;
    }

    /** Declares the stream and its bindings on {@code connection}; the channel to consume it on. */
    Channel declare(Connection connection) throws IOException {
        Channel channel = declareStream(connection);
        channel.queueBind(queue, exchange, "#");
        channel.exchangeDeclare(markers(queue), "fanout", true);
        channel.queueBind(queue, markers(queue), "");
        return channel;
    }

    /** Whether the stream is there (a passive declare, on a channel of its own: a 404 closes the channel). */
    boolean exists(Connection connection) throws IOException {
        try (Channel probe = connection.createChannel()) {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (IOException e) {
            if (refusedWith(e, AMQP.NOT_FOUND)) {
                return false;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private Channel declareStream(Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        channel.exchangeDeclarePassive(exchange); // declared by rabbitmq-users: this service may not configure it
        try {
            Map<String, Object> arguments = new HashMap<>(Map.of("x-queue-type", "stream", "x-max-age",
                    stream.maxAge(), "x-max-length-bytes", stream.maxBytes(),
                    "x-stream-max-segment-size-bytes", stream.segmentBytes()));
            arguments.putAll(Replication.stream(stream.replicas()));
            channel.queueDeclare(queue, true, false, false, arguments);
            return channel;
        } catch (IOException e) {
            if (!refusedWith(e, AMQP.PRECONDITION_FAILED)) {
                throw e;
            }
            if (!keptOtherBounds) {
                keptOtherBounds = true;
                LOG.warnf("the stream %s exists with other arguments than x-max-age=%s, x-max-length-bytes=%d,"
                        + " x-initial-cluster-size=%d; it is kept as it is (%s; set a policy to change its bounds,"
                        + " rabbitmq-streams add_replica its replicas)", queue, stream.maxAge(), stream.maxBytes(),
                        stream.replicas(), e.getCause().getMessage());
            }
            Channel again = connection.createChannel(); // the refused declare closed the first channel
            again.queueDeclarePassive(queue);
            return again;
        }
    }

    /** Whether the broker closed the channel with {@code replyCode} (404 NOT_FOUND, 406 PRECONDITION_FAILED). */
    static boolean refusedWith(IOException e, int replyCode) {
        return e.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == replyCode;
    }
}
