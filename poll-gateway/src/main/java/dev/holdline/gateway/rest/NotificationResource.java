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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
    public record Notification(@NotNull(message = TO) String to,
            @NotBlank(message = TITLE) @Size(max = 200, message = TITLE) String title,
            @Size(max = 2000, message = "at most {max} characters") String body) {

        private static final String TO = "user:<id> or broadcast";
        private static final String TITLE = "1 to 200 characters";
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
    public Uni<Response> send(@NotNull(message = "\\{to, title, body\\} is expected") @Valid Notification body) {
        if (!(Channels.BROADCAST.equals(body.to())
                || body.to().startsWith("user:") && Channels.isValid(body.to()))) {
            throw ApiException.badRequest("to", Notification.TO);
        }
        CloudEvent event = events.create(EventTypes.NOTIFICATION, "notifications",
                List.of(body.to()), Map.of("title", body.title(),
                        "body", body.body() == null ? "" : body.body(), "from", token.getSubject()));
        return publisher.publish(event).map(e -> Response.accepted(Map.of("id", e.id())).build());
    }
}
