package dev.holdline.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A CloudEvent read from the stream ({@link StreamEventParser}): its JSON as the hub will serve it, its {@code id}
 * and {@code type} as its body says them, the valid channels it names and when it was said (its {@code time}, else
 * when it was read).
 */
record StreamEvent(ObjectNode json, String id, String bodyType, List<String> channels, long saidAt) {

    JsonNode data() {
        return json.path("data");
    }

    /** The {@code source} its publisher wrote. */
    String source() {
        return json.path("source").asText();
    }
}
