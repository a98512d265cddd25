package dev.holdline.testing;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Where the tests find the real PostgreSQL and RabbitMQ; every value can be overridden by environment. */
public final class TestInfra {

    public static final String PG_HOST = env("HOLDLINE_TEST_PG_HOST", "127.0.0.1");
    public static final int PG_PORT = Integer.parseInt(env("HOLDLINE_TEST_PG_PORT", "5432"));
    public static final String PG_USER = env("HOLDLINE_TEST_PG_USER", "postgres");
    public static final String PG_PASSWORD = env("HOLDLINE_TEST_PG_PASSWORD", "");
    public static final String PG_ADMIN_DATABASE = env("HOLDLINE_TEST_PG_DATABASE", "postgres");
    public static final String RABBIT_HOST = env("HOLDLINE_TEST_RABBITMQ_HOST", "127.0.0.1");
    public static final int RABBIT_PORT = Integer.parseInt(env("HOLDLINE_TEST_RABBITMQ_PORT", "5672"));
    public static final int RABBIT_MANAGEMENT_PORT = Integer.parseInt(env("HOLDLINE_TEST_RABBITMQ_MANAGEMENT_PORT", "15672"));
    public static final String RABBIT_USER = env("HOLDLINE_TEST_RABBITMQ_USER", "guest");
    public static final String RABBIT_PASSWORD = env("HOLDLINE_TEST_RABBITMQ_PASSWORD", "guest");
    /**
     * A RabbitMQ cluster's nodes ({@code host:port,...}, as {@code rabbitmq-addresses}), empty for none: when set,
     * the services under test and the tests' own connections go through them instead of {@link #RABBIT_HOST}
     * (which still serves the management API, {@link #RABBIT_MANAGEMENT_PORT}, for users and policies).
     */
    public static final String RABBIT_ADDRESSES = env("HOLDLINE_TEST_RABBITMQ_ADDRESSES", "");

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    /** A connection as the broker's administrator. */
    public static Connection rabbit() throws Exception {
        return rabbit(RABBIT_USER, RABBIT_PASSWORD);
    }

    /** A connection as another user (one {@link RabbitUsers} made). */
    public static Connection rabbit(String user, String password) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RABBIT_HOST);
        factory.setPort(RABBIT_PORT);
        factory.setUsername(user);
        factory.setPassword(password);
        if (!RABBIT_ADDRESSES.isBlank()) {
            return factory.newConnection(List.of(Address.parseAddresses(RABBIT_ADDRESSES)), "holdline-test");
        }
        return factory.newConnection("holdline-test");
    }

    /** Where the broker is, as {@code rabbitmq-addresses} would say it: the cluster's nodes, or the one broker. */
    public static String rabbitAddresses() {
        return RABBIT_ADDRESSES.isBlank() ? RABBIT_HOST + ":" + RABBIT_PORT : RABBIT_ADDRESSES;
    }

    /**
     * {@code rabbitmq-addresses} whose first {@code dead} entries are ports on 127.0.0.1 that nothing listens on
     * (bound and closed again: a connection there is refused at once), then the broker ({@link #rabbitAddresses()}).
     */
    public static String addressesWithDeadFirst(int dead) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < dead; i++) {
            addresses.add("127.0.0.1:" + closedPort());
        }
        addresses.add(rabbitAddresses());
        return String.join(",", addresses);
    }

    /** A port of 127.0.0.1 that was free a moment ago and that nothing listens on now. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private TestInfra() {
    }
}
