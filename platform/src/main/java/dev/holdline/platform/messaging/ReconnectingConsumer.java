package dev.holdline.platform.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One consumer's connection to RabbitMQ, kept open by itself: {@link #start} connects at once, then every
 * {@code retry} (off the event loop, one try at a time) checks that the connection and the channel consumed on are
 * open, and opens new ones ({@link RabbitConnections#open}) when they are not. What to declare and consume on a new
 * connection is the owner's {@link Subscription}. {@link #connected} and {@link #node} are what the owners'
 * readiness checks report; {@link #stop} (on shutdown) closes it for good.
 *
 * <p>The retry does not back off: the services promise to be reading again within {@code retry} of the broker's
 * return (docs/architecture.md), and one try every 2 s is no load for a broker.
 */
public final class ReconnectingConsumer {

    /** What an owner does on a new connection: declare, bind and consume. */
    @FunctionalInterface
    public interface Subscription {

        /**
         * Declares what the consumer reads and starts consuming on {@code connection}; returns the channel consumed
         * on, or null to leave the connection unused (it is closed). Throwing: the connection is closed and the next
         * check tries again.
         */
        Channel subscribe(Connection connection) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ReconnectingConsumer.class);

    private final RabbitConnections connections;
    private final String name;
    private final Vertx vertx;
    private final Duration retry;
    private final Subscription subscription;
    private volatile Connection connection;
    private volatile Channel channel;
    private volatile boolean stopped;
    private volatile long timer = -1;

    /** {@code name}: the connection's name in the RabbitMQ management UI. */
    public ReconnectingConsumer(RabbitConnections connections, String name, Vertx vertx, Duration retry,
            Subscription subscription) {
        this.connections = connections;
        this.name = name;
        this.vertx = vertx;
        this.retry = retry;
        this.subscription = subscription;
    }

    /** Connects now (on the caller's thread), then keeps the connection open until {@link #stop}. */
    public void start() {
        connect();
        schedule();
    }

    /** Closes the connection for good: no further try. */
    public synchronized void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        RabbitConnections.closeQuietly(connection);
    }

    /** True while the connection and the channel consumed on are open. */
    public boolean connected() {
        Connection c = connection;
        Channel ch = channel;
        return c != null && c.isOpen() && ch != null && ch.isOpen();
    }

    /** The RabbitMQ node ({@code host:port}) the consumer reads through, {@code "none"} while it does not. */
    public String node() {
        return connected() ? RabbitConnections.address(connection) : "none";
    }

    /** Opens a connection and subscribes on it, unless connected or stopped; whether it is connected after. */
    synchronized boolean connect() {
        if (stopped) {
            return false;
        }
        if (connected()) {
            return true;
        }
        RabbitConnections.closeQuietly(connection);
        Connection c = null;
        try {
            c = connections.open(name);
            Channel ch = subscription.subscribe(c);
            if (ch == null || stopped) {
                RabbitConnections.closeQuietly(c);
                return false;
            }
            channel = ch;
            connection = c;
            return true;
        } catch (Exception e) {
            RabbitConnections.closeQuietly(c); // a refused declare must not leak a connection
            LOG.debugf("%s: RabbitMQ unreachable (%s); trying again in %d s", name, e, retry.toSeconds());
            return false;
        }
    }

    /** The next check, {@code retry} from now; connecting blocks, so it runs on a worker thread. */
    private void schedule() {
        if (stopped) {
            return;
        }
        timer = vertx.setTimer(retry.toMillis(), id -> {
            if (connected()) {
                schedule();
                return;
            }
            vertx.executeBlocking(this::connect, false).onComplete(done -> schedule());
        });
        if (stopped) { // stopped meanwhile: stop() may have cancelled the timer before
            vertx.cancelTimer(timer);
        }
    }
}
