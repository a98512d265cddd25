package dev.holdline.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import dev.holdline.gateway.service.ImageOwners;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageOwnerRuleTest {

    private final ImageOwners owners = new ImageOwners();
    private final ImageOwnerRule rule = new ImageOwnerRule(owners, "upload-service");
    private final StreamEventParser parser = new StreamEventParser(new ObjectMapper(), Clock.systemUTC());

    private StreamEvent event(String source, String owner) {
        return parser.parse(1, "{\"id\":\"e1\",\"type\":\"image.uploaded\",\"source\":\"" + source
                + "\",\"channels\":\"image:i1\",\"data\":{\"imageId\":\"i1\",\"owner\":\"" + owner + "\"}}");
    }

    private static AMQP.BasicProperties publishedBy(String user) {
        return new AMQP.BasicProperties.Builder().userId(user).build();
    }

    @Test
    void shouldLearnAnImagesOwnerFromUploadService() {
        rule.observe("image.uploaded", event("upload-service", "alice"), publishedBy("upload-service"));

        assertEquals("alice", owners.owner("i1"));
    }

    @Test
    void shouldNotLearnAnOwnerFromAnotherPublisherOrSource() {
        rule.observe("image.uploaded", event("upload-service", "mallory"), publishedBy("thumbnail-worker"));
        rule.observe("image.uploaded", event("thumbnail-worker", "mallory"), publishedBy("upload-service"));
        rule.observe("image.uploaded", event("upload-service", "mallory"), new AMQP.BasicProperties.Builder().build());

        assertNull(owners.owner("i1"));
    }

    @Test
    void shouldNotLearnAnOwnerFromADeadLetteredCopy() {
        AMQP.BasicProperties copy = new AMQP.BasicProperties.Builder().userId("upload-service")
                .headers(Map.of("x-death", List.of(Map.of("queue", "q")))).build();

        rule.observe("image.uploaded", event("upload-service", "mallory"), copy);

        assertNull(owners.owner("i1"));
    }

    @Test
    void shouldNotLearnAnOwnerFromAnotherType() {
        rule.observe("chat.message", event("upload-service", "mallory"), publishedBy("upload-service"));

        assertNull(owners.owner("i1"));
    }
}
