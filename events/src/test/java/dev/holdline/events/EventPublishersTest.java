package dev.holdline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventPublishersTest {

    /** Each service's topic permission (the publishes column) as k8s/base/infra/rabbitmq-permissions writes it. */
    private static Map<String, String> topicPermissionsInFile() throws IOException {
        Map<String, String> publishes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../k8s/base/infra/rabbitmq-permissions"))) {
            String[] columns = line.trim().split("\\s+");
            if (!line.startsWith("#") && !line.isBlank()) {
                assertEquals(6, columns.length, "service, configure, write, read, publishes, dead-lettered: " + line);
                publishes.put(columns[0], columns[4]);
            }
        }
        return publishes;
    }

    @Test
    void shouldGiveEachServiceTheTopicPermissionOfExactlyItsEventTypes() throws IOException {
        Map<String, String> inFile = topicPermissionsInFile();
        assertEquals(EventPublishers.SERVICES, inFile.keySet(), "a line per service");
        for (String service : EventPublishers.SERVICES) {
            assertEquals(EventPublishers.topicPermission(service), inFile.get(service),
                    service + ": write this topic permission in k8s/base/infra/rabbitmq-permissions");
        }
    }

    @Test
    void shouldLetTheFilesPermissionsPublishEachTypeOnlyByItsPublishers() throws IOException {
        Map<String, String> inFile = topicPermissionsInFile();
        for (String type : EventTypes.ALL) {
            for (Map.Entry<String, String> line : inFile.entrySet()) {
                assertEquals(EventPublishers.mayPublish(type, line.getKey()),
                        Pattern.matches(line.getValue(), type), line.getKey() + " publishing " + type);
            }
        }
    }

    @Test
    void shouldNameAPublisherForEveryEventTypeAndNoOther() {
        for (String type : EventTypes.ALL) {
            assertFalse(EventPublishers.of(type).isEmpty(), type + " has no publisher in EventPublishers");
            assertTrue(EventPublishers.SERVICES.containsAll(EventPublishers.of(type)), type);
        }
        assertTrue(EventPublishers.of("chat.forged").isEmpty());
        assertTrue(EventPublishers.of(null).isEmpty());
    }

    @Test
    void shouldAllowChatMessagesFromPollGatewayOnly() {
        assertTrue(EventPublishers.mayPublish(EventTypes.CHAT_MESSAGE, "poll-gateway"));
        assertFalse(EventPublishers.mayPublish(EventTypes.CHAT_MESSAGE, "upload-service"));
        assertFalse(EventPublishers.mayPublish(EventTypes.CHAT_MESSAGE, null));
        assertFalse(EventPublishers.mayPublish(EventTypes.IMAGE_DELETED, "guest"));
        assertEquals("^$", EventPublishers.topicPermission("thumbnail-worker"));
        assertEquals("^(notification)$", EventPublishers.topicPermission("webhook-dispatcher"));
    }
}
