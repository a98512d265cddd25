package dev.holdline.webhooks;

import static dev.holdline.webhooks.Webhooks.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * V2__event_visibility: deliveries stored before event visibility for a pattern that no longer matches (a chat
 * message or typing owed to "*") are removed with their events; what is still owed stays. Rows as V1 kept them,
 * then the migration's statements run again (they are idempotent, as Flyway ran them once at start).
 */
@QuarkusTest
class EventVisibilityMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    private static String migration() throws Exception {
        try (InputStream in = EventVisibilityMigrationTest.class
                .getResourceAsStream("/db/migration/V2__event_visibility.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> remaining(Statement statement, String run) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT e.id, d.webhook_id FROM webhook_event e LEFT JOIN "
                + "delivery d ON d.event_id = e.id WHERE e.id LIKE '" + run + "%' ORDER BY d.webhook_id, e.id")) {
            while (result.next()) {
                rows.add(result.getString(1) + "->" + result.getString(2));
            }
        }
        return rows;
    }

    @Test
    void shouldForgetPrivateAndEphemeralDeliveriesNoSubscriptionNamesExactly() throws Exception {
        String all = subscribe("http://127.0.0.1:9/all", List.of("*"), null).path("id").asText();
        String named = subscribe("http://127.0.0.1:9/named", List.of("chat.message"), null).path("id").asText();
        String run = "mig" + Long.toHexString(System.nanoTime());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String[][] events = { { "chat", "chat.message" }, { "typing", "chat.typing" },
                    { "notice", "notification" }, { "order", "order.placed" } };
            for (String[] event : events) {
                statement.execute("INSERT INTO webhook_event (id, type, occurred_at, body) VALUES ('" + run + event[0]
                        + "', '" + event[1] + "', now(), '\\x7b7d')");
            }
            String[][] deliveries = { { "chat", all, "a1" }, { "typing", all, "a2" }, { "notice", all, "a3" },
                    { "order", all, "a4" }, { "chat", named, "n1" } };
            for (String[] delivery : deliveries) {
                statement.execute("INSERT INTO delivery (webhook_id, event_id, subscription_id, event_type, status, "
                        + "next_attempt_at) VALUES ('" + run + delivery[2] + "', '" + run + delivery[0] + "', '"
                        + delivery[1] + "', 'x', 'PENDING', now() + interval '1 day')");
            }

            statement.execute(migration());

            assertEquals(List.of(run + "order->" + run + "a4", run + "chat->" + run + "n1"), remaining(statement, run),
                    "the order owed to *, the chat message owed to the subscription naming it; nothing else");
        }
    }
}
