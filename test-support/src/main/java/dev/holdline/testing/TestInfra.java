package dev.holdline.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

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
        return factory.newConnection("holdline-test");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private TestInfra() {
    }
}
