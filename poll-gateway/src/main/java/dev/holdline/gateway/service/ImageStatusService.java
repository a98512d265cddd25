package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.gateway.client.UploadServiceClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The blocking status call: answers as soon as the image is COMPLETED or FAILED. Its status is taken from the
 * newest image event buffered on {@code image:<id>}, else asked of upload-service; a status that is not final
 * parks the call on the image's channel, and the call's waiter is registered before the buffer is looked at
 * again, so a completion cannot slip in between.
 */
@Singleton
public class ImageStatusService {

    private static final Set<String> IMAGE_EVENTS = Set.of(EventTypes.IMAGE_UPLOADED, EventTypes.IMAGE_PROCESSING,
            EventTypes.IMAGE_COMPLETED, EventTypes.IMAGE_FAILED);
    private static final Set<String> FINAL_STATUSES = Set.of("COMPLETED", "FAILED");

    private final EventHub hub;
    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final UploadServiceClient uploads;

    public ImageStatusService(EventHub hub, PollService polls, ChannelAuthorizer authorizer,
            @RestClient UploadServiceClient uploads) {
        this.hub = hub;
        this.polls = polls;
        this.authorizer = authorizer;
        this.uploads = uploads;
    }

    /**
     * The status of image {@code id} once final, or after {@code waitSeconds} with {@code timedOut}; 403 if the
     * caller does not own it. {@code onClientGone} is given the action that forgets the parked call.
     */
    public Uni<ImageStatus> status(ChannelAuthorizer.Caller caller, long id, int waitSeconds,
            Consumer<Runnable> onClientGone) {
        String channel = Channels.image(id);
        return authorizer.ownsImage(caller, Long.toString(id))
                .chain(() -> current(id, caller))
                .chain(known -> known.isFinal() ? Uni.createFrom().item(known.answer(false))
                        : polls.parkAsUni(caller.user(), List.of(channel), waitSeconds, onClientGone,
                                () -> {
                                    Known now = fromBuffer(id);
                                    return now != null && now.isFinal() ? now.answer(false) : null;
                                },
                                () -> {
                                    Known now = fromBuffer(id);
                                    return (now != null ? now : known).answer(true);
                                }));
    }

    /** The status as last known; final when it is one of the image's last states. */
    private record Known(long id, String status, String reason, JsonNode thumbnails, boolean isFinal) {

        ImageStatus answer(boolean timedOut) {
            return new ImageStatus(id, status, reason, thumbnails, timedOut);
        }
    }

    /** From the newest image event held: final if it is one of {@link EventTypes#IMAGE_FINAL}. */
    private Known fromBuffer(long id) {
        BufferedEvent event = hub.latest(Channels.image(id), IMAGE_EVENTS);
        if (event == null) {
            return null;
        }
        JsonNode data = event.json().path("data");
        return new Known(id, data.path("status").asText(), data.path("reason").asText(null),
                data.has("thumbnails") ? data.get("thumbnails") : null, EventTypes.IMAGE_FINAL.contains(event.type()));
    }

    /** From the buffer when its events are held, else from upload-service. */
    private Uni<Known> current(long id, ChannelAuthorizer.Caller caller) {
        Known buffered = fromBuffer(id);
        if (buffered != null) {
            return Uni.createFrom().item(buffered);
        }
        return uploads.image(id, caller.authorization()).map(image -> {
            String status = image.path("status").asText();
            return new Known(id, status, image.path("reason").asText(null),
                    image.has("thumbnails") ? image.get("thumbnails") : null, FINAL_STATUSES.contains(status));
        });
    }
}
