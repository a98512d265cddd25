package dev.holdline.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.holdline.events.EventTypes;
import dev.holdline.events.EventVisibility;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The queue {@code webhook-dispatcher.events} is bound to every type that may be sent and to no ephemeral one
 * (a flood of typing or presence never reaches it): the routing keys of application.properties read with
 * RabbitMQ's topic matching, against {@link EventTypes#visibility}.
 */
class BindingsTest {

    private static final String KEYS = "mp.messaging.incoming.events.routing-keys";

    private static Properties properties() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = BindingsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** RabbitMQ's topic matching: {@code *} one word, {@code #} zero or more. */
    static boolean topicMatches(String key, String type) {
        return matches(key.split("\\."), 0, type.split("\\."), 0);
    }

    private static boolean matches(String[] key, int k, String[] words, int w) {
        if (k == key.length) {
            return w == words.length;
        }
        if (key[k].equals("#")) {
            for (int rest = w; rest <= words.length; rest++) {
                if (matches(key, k + 1, words, rest)) {
                    return true;
                }
            }
            return false;
        }
        return w < words.length && (key[k].equals("*") || key[k].equals(words[w])) && matches(key, k + 1, words, w + 1);
    }

    @Test
    void shouldBindEveryDomainAndPrivateTypeAndNoEphemeralOne() throws Exception {
        List<String> keys = Arrays.asList(properties().getProperty(KEYS).split(","));
        for (String type : EventTypes.ALL) {
            boolean sendable = EventTypes.visibility(type).orElseThrow() != EventVisibility.EPHEMERAL;
            assertEquals(sendable, keys.stream().anyMatch(key -> topicMatches(key, type)), type + " in " + keys);
        }
    }

    @Test
    void shouldBindTheSameInTestsPlusTheTestsOwnTypes() throws Exception {
        Properties properties = properties();
        assertEquals(properties.getProperty(KEYS) + ",test.#", properties.getProperty("%test." + KEYS));
    }

    @Test
    void shouldMatchTopicsAsRabbitMqDoes() {
        assertEquals(true, topicMatches("image.*", "image.completed"));
        assertEquals(false, topicMatches("image.*", "image.a.b"));
        assertEquals(true, topicMatches("test.#", "test.signed.t1"));
        assertEquals(false, topicMatches("chat.message", "chat.typing"));
    }
}
