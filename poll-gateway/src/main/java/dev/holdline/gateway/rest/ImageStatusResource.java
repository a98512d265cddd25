package dev.holdline.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.client.UploadServiceClient;
import dev.holdline.gateway.service.BufferedEvent;
import dev.holdline.gateway.service.ChannelAuthorizer;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.PollService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import dev.holdline.platform.rest.Params;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The blocking status call: answers as soon as the image is COMPLETED or FAILED. The waiter is registered
 * before the current status is looked at, so a completion cannot slip in between.
 */
@Path("/api/images/{id}/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImageStatusResource {

    /** {@code status} is the image's status when answered; {@code timedOut} when it is not final yet. */
    public record ImageStatus(long id, String status, String reason, JsonNode thumbnails, boolean timedOut) {
    }

    private static final java.util.Set<String> IMAGE_EVENTS = java.util.Set.of(EventTypes.IMAGE_UPLOADED,
            EventTypes.IMAGE_PROCESSING, EventTypes.IMAGE_COMPLETED, EventTypes.IMAGE_FAILED);

    private final EventHub hub;
    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final UploadServiceClient uploads;
    private final JsonWebToken token;

    public ImageStatusResource(EventHub hub, PollService polls, ChannelAuthorizer authorizer,
            @RestClient UploadServiceClient uploads, JsonWebToken token) {
        this.hub = hub;
        this.polls = polls;
        this.authorizer = authorizer;
        this.uploads = uploads;
        this.token = token;
    }

    @GET
    @Operation(summary = "Waits up to 'wait' seconds (1..60) for the image to be COMPLETED or FAILED")
    public Uni<ImageStatus> status(@RestPath long id, @RestQuery String wait, @Context HttpServerRequest request) {
        int seconds = Params.intParam("wait", wait, 30, 1, 60);
        ChannelAuthorizer.Caller caller = Callers.of(token);
        String channel = Channels.image(id);
        return authorizer.ownsImage(caller, Long.toString(id))
                .chain(() -> current(id, caller))
                .chain(known -> known.isFinal() ? Uni.createFrom().item(known.answer(false))
                        : polls.parkAsUni(caller.user(), List.of(channel), seconds,
                                gone -> request.response().closeHandler(v -> gone.run()),
                                () -> {
                                    Known now = fromBuffer(id);
                                    return now != null && now.isFinal() ? now.answer(false) : null;
                                },
                                () -> {
                                    Known now = fromBuffer(id);
                                    return (now != null ? now : known).answer(true);
                                }));
    }

    private record Known(long id, String status, String reason, JsonNode thumbnails) {
        boolean isFinal() {
            return "COMPLETED".equals(status) || "FAILED".equals(status);
        }

        ImageStatus answer(boolean timedOut) {
            return new ImageStatus(id, status, reason, thumbnails, timedOut);
        }
    }

    private Known fromBuffer(long id) {
        BufferedEvent event = hub.latest(Channels.image(id), IMAGE_EVENTS);
        if (event == null) {
            return null;
        }
        JsonNode data = event.json().path("data");
        return new Known(id, data.path("status").asText(), data.path("reason").asText(null),
                data.has("thumbnails") ? data.get("thumbnails") : null);
    }

    /** From the buffer when its events are held, else from upload-service. */
    private Uni<Known> current(long id, ChannelAuthorizer.Caller caller) {
        Known buffered = fromBuffer(id);
        if (buffered != null) {
            return Uni.createFrom().item(buffered);
        }
        return uploads.image(id, caller.authorization()).map(image -> new Known(id,
                image.path("status").asText(), image.path("reason").asText(null),
                image.has("thumbnails") ? image.get("thumbnails") : null));
    }
}
