package dev.holdline.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.holdline.platform.messaging.QueueBounds;
import dev.holdline.platform.messaging.Replication;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Gives one test run its own corner of the machine's real PostgreSQL and RabbitMQ, and removes it after:
 * a database {@code holdline_<run>} (when the service has one), the events exchange
 * {@code holdline.events.<run>} and its {@code .dlx} (declared here, as {@code rabbitmq-users} does in production:
 * services only declare them passively), and the suffix {@code .<run>} for every queue the service declares.
 *
 * <p>Init args: {@code database} ({@code true}/{@code false}, default true); {@code queues}, a comma-separated
 * list of the service's queue names without suffix, deleted with their {@code .dlq} after the run (a queue that
 * {@code k8s/base/infra/rabbitmq-permissions} lists as dead-lettered gets its {@code .dlq} and policy here); and
 * {@code rabbitProxy=true} to reach RabbitMQ through a {@link TcpProxy} that a test can cut; {@code rabbitUser},
 * the service whose RabbitMQ user the service under test connects as: made for this run with exactly that
 * service's line of {@code k8s/base/infra/rabbitmq-permissions} ({@link RabbitUsers}), so no test runs as the administrator.
 * The broker and database are found through {@link TestInfra}, overridable by environment.
 */
public class HoldlineTestResource implements QuarkusTestResourceLifecycleManager {

    private final String run = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
    private static volatile TcpProxy rabbitProxy;
    private static volatile TcpProxy pgProxy;
    private boolean database = true;
    private boolean proxied;
    private boolean pgProxied;
    private final List<String> queues = new ArrayList<>();
    private String rabbitUser;
    private final List<String> users = new ArrayList<>();
    private final List<String> policies = new ArrayList<>();

    @Override
    public void init(Map<String, String> initArgs) {
        database = Boolean.parseBoolean(initArgs.getOrDefault("database", "true"));
        proxied = Boolean.parseBoolean(initArgs.getOrDefault("rabbitProxy", "false"));
        pgProxied = Boolean.parseBoolean(initArgs.getOrDefault("pgProxy", "false"));
        rabbitUser = initArgs.get("rabbitUser");
        for (String queue : initArgs.getOrDefault("queues", "").split(",")) {
            if (!queue.isBlank()) {
                queues.add(queue.trim());
            }
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String exchange = exchange();
        config.put("holdline.events.exchange", exchange);
        config.put("holdline.events.queue-suffix", "." + run);
        // this run's users are <service>.<run> (rabbitUser): the services know theirs and each other's so
        config.put("holdline.events.user-suffix", "." + run);
        // EventProbe publishes tests' own event types (no service publishes them) as this user
        config.put("holdline.events.unknown-types-publisher", publisher());
        if (proxied) {
            rabbitProxy = proxyTo(TestInfra.RABBIT_HOST, TestInfra.RABBIT_PORT);
            config.put("rabbitmq-host", "127.0.0.1");
            config.put("rabbitmq-port", Integer.toString(rabbitProxy.port()));
        } else {
            config.put("rabbitmq-host", TestInfra.RABBIT_HOST);
            config.put("rabbitmq-port", Integer.toString(TestInfra.RABBIT_PORT));
            if (!TestInfra.RABBIT_ADDRESSES.isBlank()) {
                config.put("rabbitmq-addresses", TestInfra.RABBIT_ADDRESSES); // HOLDLINE_TEST_RABBITMQ_ADDRESSES
            }
        }
        config.put("rabbitmq-username", TestInfra.RABBIT_USER);
        config.put("rabbitmq-password", TestInfra.RABBIT_PASSWORD);
        declareBrokerNames();
        if (rabbitUser != null) {
            config.putAll(rabbitUser(rabbitUser));
        }
        if (database) {
            execute("CREATE DATABASE " + databaseName());
            String url = TestInfra.jdbcUrl(databaseName());
            if (pgProxied) {
                pgProxy = proxyTo(TestInfra.PG_HOST, TestInfra.PG_PORT);
                url = "jdbc:postgresql://127.0.0.1:" + pgProxy.port() + "/" + databaseName();
            }
            config.put("quarkus.datasource.jdbc.url", url);
            config.put("quarkus.datasource.username", TestInfra.PG_USER);
            config.put("quarkus.datasource.password", TestInfra.PG_PASSWORD);
        }
        System.setProperty("holdline.test.exchange", exchange);
        System.setProperty("holdline.test.queue-suffix", "." + run);
        System.setProperty("holdline.test.user-suffix", "." + run);
        System.setProperty("holdline.test.publisher-password", RabbitUsers.createImpersonator(publisher(), exchange));
        System.setProperty("holdline.test.publisher", publisher());
        users.add(publisher());
        return config;
    }

    /**
     * What {@code k8s/base/infra/rabbitmq-users} declares, for this run, since no service may: the exchange and its
     * dead-letter exchange, and for each of {@code queues} that the broker dead-letters its {@code .dlq} and the
     * policy that sends its rejects there.
     */
    private void declareBrokerNames() {
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(exchange(), "topic", true);
            channel.exchangeDeclare(exchange() + ".dlx", "direct", true);
            List<String> deadLettered = RabbitUsers.deadLetteredQueues();
            for (String queue : queues) {
                if (deadLettered.contains(queue)) {
                    String name = queue + "." + run;
                    channel.queueDeclare(name + ".dlq", true, false, false, Map.of("x-queue-type", "quorum",
                            "x-max-length", QueueBounds.DEAD_LETTERS_MAX_LENGTH, "x-overflow", "drop-head",
                            "x-quorum-initial-group-size", Replication.REPLICAS));
                    channel.queueBind(name + ".dlq", exchange() + ".dlx", name);
                    RabbitUsers.deadLetterPolicy(policy(name), name, exchange() + ".dlx");
                    policies.add(policy(name));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ at " + TestInfra.RABBIT_HOST + ":" + TestInfra.RABBIT_PORT
                    + " refused this run's exchanges. Is it running? (scripts/local up starts it)", e);
        }
    }

    private static String policy(String queue) {
        return "holdline.dead-letter." + queue;
    }

    private static TcpProxy proxyTo(String host, int port) {
        try {
            return new TcpProxy(host, port);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(TcpProxy proxy) {
        if (proxy == null) {
            return;
        }
        try {
            proxy.close();
        } catch (java.io.IOException ignored) {
            // closing anyway
        }
    }

    /** With init arg {@code rabbitProxy=true}: the proxy between the service and RabbitMQ, to cut it. */
    public static TcpProxy rabbitProxy() {
        if (rabbitProxy == null) {
            throw new IllegalStateException("start HoldlineTestResource with rabbitProxy=true");
        }
        return rabbitProxy;
    }

    /** With init arg {@code pgProxy=true}: the proxy between the service and PostgreSQL, to cut it. */
    public static TcpProxy pgProxy() {
        if (pgProxy == null) {
            throw new IllegalStateException("start HoldlineTestResource with pgProxy=true");
        }
        return pgProxy;
    }

    /**
     * A RabbitMQ user of this run for {@code service}, with that service's permissions on this run's exchange
     * (removed in {@link #stop()}): the settings a packaged service connects as it with.
     */
    public Map<String, String> rabbitUser(String service) {
        String name = service + "." + run;
        Map<String, String> settings = RabbitUsers.create(name, service, exchange());
        users.add(name);
        return settings;
    }

    @Override
    public void stop() {
        close(pgProxy);
        pgProxy = null;
        close(rabbitProxy);
        rabbitProxy = null;
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue + "." + run);
                channel.queueDelete(queue + "." + run + ".dlq");
                channel.exchangeDelete(queue + "." + run + ".markers"); // poll-gateway's stream has one
            }
            channel.exchangeDelete(exchange());
            channel.exchangeDelete(exchange() + ".dlx");
        } catch (Exception e) {
            System.err.println("could not remove broker names of run " + run + ": " + e);
        }
        for (String user : users) {
            try {
                RabbitUsers.delete(user);
            } catch (RuntimeException e) {
                System.err.println("could not remove RabbitMQ user " + user + ": " + e);
            }
        }
        users.clear();
        for (String policy : policies) {
            try {
                RabbitUsers.deletePolicy(policy);
            } catch (RuntimeException e) {
                System.err.println("could not remove RabbitMQ policy " + policy + ": " + e);
            }
        }
        policies.clear();
        if (database) {
            execute("DROP DATABASE IF EXISTS " + databaseName() + " WITH (FORCE)");
        }
    }

    /** The user {@link EventProbe} publishes through, setting {@code user_id} to the service it stands for. */
    private String publisher() {
        return "holdline-test." + run;
    }

    private String exchange() {
        return "holdline.events." + run;
    }

    private String databaseName() {
        return "holdline_" + run;
    }

    private static void execute(String sql) {
        try (var connection = DriverManager.getConnection(TestInfra.jdbcUrl(TestInfra.PG_ADMIN_DATABASE),
                TestInfra.PG_USER, TestInfra.PG_PASSWORD); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + TestInfra.PG_HOST + ":" + TestInfra.PG_PORT
                    + " refused '" + sql + "'. Is it running? (scripts/local up starts it)", e);
        }
    }
}
