package dev.holdline.events;

/** Names on the wire that every service agrees on. Queue names live in each service's configuration. */
public final class Exchanges {

    /** The durable topic exchange every event is published to; routing key = event type. */
    public static final String EVENTS = "holdline.events";

    /** Content type of a CloudEvents 1.0 structured-mode message. */
    public static final String CLOUDEVENTS_JSON = "application/cloudevents+json";

    private Exchanges() {
    }
}
