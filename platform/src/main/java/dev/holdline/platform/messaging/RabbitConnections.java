package dev.holdline.platform.messaging;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections with the RabbitMQ Java client, for what the Quarkus connector does not do (outbox publishing
 * with batched confirms, pipelined confirms, publishing to the default exchange). Reads the same
 * {@code rabbitmq-*} settings as the connector, so a service is configured once.
 */
@ApplicationScoped
public class RabbitConnections {

    private final ConnectionFactory factory = new ConnectionFactory();

    public RabbitConnections(@ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(3000);
        factory.setAutomaticRecoveryEnabled(false); // callers reconnect on their own terms
    }

    /** A new connection named for the RabbitMQ management UI. */
    public Connection open(String name) throws IOException, TimeoutException {
        return factory.newConnection(name);
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

    public String address() {
        return factory.getHost() + ":" + factory.getPort();
    }
}
