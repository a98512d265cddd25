package dev.holdline.platform.messaging;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The text of a message payload, whatever type the RabbitMQ connector made of it from its content type. */
public final class Payloads {

    public static String text(Object payload) {
        if (payload instanceof String s) {
            return s;
        }
        if (payload instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (payload instanceof Buffer buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
        if (payload instanceof JsonObject json) {
            return json.encode();
        }
        throw new IllegalArgumentException("unexpected payload type "
                + (payload == null ? "null" : payload.getClass().getName()));
    }

    private Payloads() {
    }
}
