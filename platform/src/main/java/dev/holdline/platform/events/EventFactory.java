package dev.holdline.platform.events;

import dev.holdline.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates this service's events: the CloudEvent {@code source} is its {@code quarkus.application.name}. */
@ApplicationScoped
public class EventFactory {

    private final String source;

    public EventFactory(@ConfigProperty(name = "quarkus.application.name") String source) {
        this.source = source;
    }

    /** A new event with a fresh id and the current time; see {@link CloudEvent#create}. */
    public CloudEvent create(String type, String subject, List<String> channels, Object data) {
        return CloudEvent.create(source, type, subject, channels, data);
    }
}
