package dev.holdline.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test users on the real RabbitMQ with exactly the permissions {@code k8s/base/infra/rabbitmq-permissions} gives a service,
 * on this run's exchange: a service under test that needs more than its line allows fails its tests. Made and
 * removed through the management API ({@code HOLDLINE_TEST_RABBITMQ_MANAGEMENT_PORT}, 15672) as the broker's
 * administrator ({@link TestInfra}).
 */
public final class RabbitUsers {

    /** A service's line in {@code k8s/base/infra/rabbitmq-permissions}. */
    public record Permissions(String configure, String write, String read, String publishes,
            List<String> deadLettered) {
    }

    // HTTP/1.1: the management API closes a connection that asks to upgrade to HTTP/2
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path FILE = Path.of("../k8s/base/infra/rabbitmq-permissions");

    private RabbitUsers() {
    }

    /** The permissions of {@code service} with {@code {exchange}} standing for {@code exchange}. */
    public static Permissions of(String service, String exchange) {
        try {
            String quoted = exchange.replace(".", "\\.");
            for (String line : Files.readAllLines(FILE)) {
                String[] columns = line.trim().split("\\s+");
                if (line.startsWith("#") || columns.length != 6 || !columns[0].equals(service)) {
                    continue;
                }
                return new Permissions(columns[1].replace("{exchange}", quoted),
                        columns[2].replace("{exchange}", quoted), columns[3].replace("{exchange}", quoted), columns[4],
                        deadLettered(columns[5]));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FILE.toAbsolutePath(), e);
        }
        throw new IllegalArgumentException(service + " has no line in " + FILE);
    }

    /** The queues, of every service, that the broker dead-letters (the file's last column). */
    public static List<String> deadLetteredQueues() {
        try {
            List<String> queues = new ArrayList<>();
            for (String line : Files.readAllLines(FILE)) {
                String[] columns = line.trim().split("\\s+");
                if (!line.startsWith("#") && columns.length == 6) {
                    queues.addAll(deadLettered(columns[5]));
                }
            }
            return queues;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }

    private static List<String> deadLettered(String column) {
        return column.equals("-") ? List.of() : List.of(column.split(","));
    }

    /**
     * As {@code rabbitmq-users} does for a dead-lettered queue: the policy {@code name} that makes the broker
     * dead-letter {@code queue} to {@code deadLetterExchange} with routing key {@code queue}.
     */
    public static void deadLetterPolicy(String name, String queue, String deadLetterExchange) {
        call("PUT", "/api/policies/%2F/" + encode(name), "{\"pattern\":\"" + json("^" + queue.replace(".", "\\.")
                + "$") + "\",\"apply-to\":\"queues\",\"definition\":{\"dead-letter-exchange\":\""
                + json(deadLetterExchange) + "\",\"dead-letter-routing-key\":\"" + json(queue) + "\"}}");
    }

    public static void deletePolicy(String name) {
        call("DELETE", "/api/policies/%2F/" + encode(name), null);
    }

    /**
     * Creates user {@code name} with {@code service}'s permissions on {@code exchange}; answers the settings that
     * make a service connect as that user ({@code rabbitmq-username}, {@code rabbitmq-password}).
     */
    public static Map<String, String> create(String name, String service, String exchange) {
        Permissions permissions = of(service, exchange);
        String password = UUID.randomUUID().toString();
        call("PUT", "/api/users/" + encode(name), "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        call("PUT", "/api/permissions/%2F/" + encode(name), "{\"configure\":\"" + json(permissions.configure())
                + "\",\"write\":\"" + json(permissions.write()) + "\",\"read\":\"" + json(permissions.read()) + "\"}");
        call("PUT", "/api/topic-permissions/%2F/" + encode(name), "{\"exchange\":\"" + json(exchange)
                + "\",\"write\":\"" + json(permissions.publishes()) + "\",\"read\":\".*\"}");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rabbitmq-username", name);
        settings.put("rabbitmq-password", password);
        return settings;
    }

    /**
     * Creates user {@code name} that may do anything with {@code exchange} and set any {@code user_id} (tag
     * {@code impersonator}): a test publishes through it as a service of this run would ({@link EventProbe}).
     * Answers its password.
     */
    public static String createImpersonator(String name, String exchange) {
        String password = UUID.randomUUID().toString();
        call("PUT", "/api/users/" + encode(name), "{\"password\":\"" + password + "\",\"tags\":\"impersonator\"}");
        String names = json("^" + exchange.replace(".", "\\.") + "$");
        call("PUT", "/api/permissions/%2F/" + encode(name), "{\"configure\":\"^$\",\"write\":\"" + names
                + "\",\"read\":\"^$\"}");
        return password;
    }

    public static void delete(String name) {
        call("DELETE", "/api/users/" + encode(name), null);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String json(String regex) {
        return regex.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + TestInfra.RABBIT_HOST + ":"
                + TestInfra.RABBIT_MANAGEMENT_PORT + path)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((TestInfra.RABBIT_USER + ":" + TestInfra.RABBIT_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("RabbitMQ's management API is unreachable at " + TestInfra.RABBIT_HOST + ":"
                    + TestInfra.RABBIT_MANAGEMENT_PORT + " (rabbitmq-plugins enable rabbitmq_management)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
