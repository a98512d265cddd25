package dev.holdline.platform.messaging;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections with the RabbitMQ Java client, for what the Quarkus connector does not do (outbox publishing
 * with batched confirms, pipelined confirms, publishing to the default exchange). Reads the same
 * {@code rabbitmq-*} settings as the connector, so a service is configured once: {@code rabbitmq-addresses}
 * ({@link RabbitAddresses}, a cluster's nodes) when set, else {@code rabbitmq-host}:{@code rabbitmq-port}.
 *
 * <p>With several addresses each {@link #open} tries them in a new random order (shuffled here: the Java client
 * without automatic recovery tries a list in the order given) and keeps the first that answers; every caller opens a new connection after losing one, so a node that goes away is left for
 * another. {@link #address(Connection)} names the node a connection reached, for logs and health checks.
 */
@ApplicationScoped
public class RabbitConnections {

    private final ConnectionFactory factory = new ConnectionFactory();
    /** The nodes to try (shuffled for each connection by {@link #open}). */
    private final List<Address> addresses;

    public RabbitConnections(@ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            RabbitAddressesConfig cluster) {
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(3000);
        factory.setAutomaticRecoveryEnabled(false); // callers reconnect on their own terms
        this.addresses = cluster.value().map(RabbitAddresses::addresses).orElse(List.of(new Address(host, port)));
    }

    /**
     * A new connection named for the RabbitMQ management UI, to the first of the addresses (in a random order)
     * that answers; fails with the last address's failure when none does.
     */
    public Connection open(String name) throws IOException, TimeoutException {
        List<Address> order = new ArrayList<>(addresses);
        Collections.shuffle(order);
        return factory.newConnection(order, name);
    }

    /** Closes a connection that may already be gone. */
    public static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close(1000);
            } catch (Exception ignored) {
                // gone already
            }
        }
    }

    /** The RabbitMQ user this service connects as. */
    public String username() {
        return factory.getUsername();
    }

    /** Where this service connects: {@code host:port}, or the configured nodes {@code host:port,host:port}. */
    public String address() {
        return addresses.stream().map(RabbitAddresses::format).collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * The node {@code connection} reached, {@code host:port} as it was configured (its IP address when only that
     * is known), with no DNS lookup; {@code "none"} for no connection.
     */
    public static String address(Connection connection) {
        if (connection == null) {
            return "none";
        }
        InetAddress peer = connection.getAddress();
        String text = String.valueOf(peer); // "name/ip" or "/ip": InetAddress.toString looks nothing up
        int slash = text.indexOf('/');
        String host = slash > 0 ? text.substring(0, slash) : text.substring(slash + 1);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + connection.getPort();
    }
}
