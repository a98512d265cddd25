package dev.holdline.gateway.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.service.EventSink;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Admins notify one user ({@code user:<id>}) or everyone ({@code broadcast}). */
@Path("/api/notifications")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Notification(String to, String title, String body) {
    }

    private final EventSink publisher;
    private final EventFactory events;
    private final JsonWebToken token;

    public NotificationResource(EventSink publisher, EventFactory events, JsonWebToken token) {
        this.publisher = publisher;
        this.events = events;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a notification to user:<id> or broadcast")
    public Uni<Response> send(Notification notification) {
        if (notification == null || notification.to() == null
                || !(Channels.BROADCAST.equals(notification.to()) || notification.to().startsWith("user:")
                        && Channels.isValid(notification.to()))) {
            throw ApiException.badRequest("to", "user:<id> or broadcast");
        }
        if (notification.title() == null || notification.title().isBlank() || notification.title().length() > 200) {
            throw ApiException.badRequest("title", "1 to 200 characters");
        }
        if (notification.body() != null && notification.body().length() > 2000) {
            throw ApiException.badRequest("body", "at most 2000 characters");
        }
        CloudEvent event = events.create(EventTypes.NOTIFICATION, "notifications",
                List.of(notification.to()), Map.of("title", notification.title(),
                        "body", notification.body() == null ? "" : notification.body(), "from", token.getSubject()));
        return publisher.publish(event).map(e -> Response.accepted(Map.of("id", e.id())).build());
    }
}
