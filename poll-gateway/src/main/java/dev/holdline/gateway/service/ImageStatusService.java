package dev.holdline.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.Thumbnail;
import dev.holdline.gateway.client.ImageViewClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The blocking status call: answers as soon as the image is COMPLETED, FAILED or DELETED. Its status is taken from the
 * newest image event buffered on {@code image:<id>}, else asked of upload-service; a status that is not final
 * parks the call on the image's channel, and the call's waiter is registered before the buffer is looked at
 * again, so a completion cannot slip in between.
 */
@Singleton
public class ImageStatusService {

    private static final Set<String> IMAGE_EVENTS = Set.of(EventTypes.IMAGE_UPLOADED, EventTypes.IMAGE_PROCESSING,
            EventTypes.IMAGE_COMPLETED, EventTypes.IMAGE_FAILED, EventTypes.IMAGE_DELETED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventHub hub;
    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final ImageViewClient uploads;

    public ImageStatusService(EventHub hub, PollService polls, ChannelAuthorizer authorizer,
            @RestClient ImageViewClient uploads) {
        this.hub = hub;
        this.polls = polls;
        this.authorizer = authorizer;
        this.uploads = uploads;
    }

    /**
     * The status of image {@code id} once final, or after {@code waitSeconds} with {@code timedOut}; 403 if the
     * caller does not own it. {@code onClientGone} is given the action that forgets the parked call.
     */
    public Uni<ImageStatusAnswer> status(ChannelAuthorizer.Caller caller, long id, int waitSeconds,
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
                                }))
                .chain(answer -> answer.timedOut() ? asUploadServiceSays(id, caller, answer)
                        : Uni.createFrom().item(answer));
    }

    /**
     * A wait that ended without an event answers what upload-service says now, not what this replica last heard
     * (an event may have been missed, say while the broker was away); what it heard if upload-service is away.
     */
    private Uni<ImageStatusAnswer> asUploadServiceSays(long id, ChannelAuthorizer.Caller caller,
            ImageStatusAnswer heard) {
        return uploads.image(id, caller.authorization())
                .map(image -> new Known(id, image.status(), image.reason(), image.thumbnails()))
                .map(now -> now.answer(!now.isFinal()))
                .onFailure().recoverWithItem(heard);
    }

    /** The status as last known. */
    private record Known(long id, ImageStatus status, String reason, List<Thumbnail> thumbnails) {

        boolean isFinal() {
            return status != null && status.isFinal();
        }

        ImageStatusAnswer answer(boolean timedOut) {
            return new ImageStatusAnswer(id, status, reason, thumbnails, timedOut);
        }
    }

    /** From the newest image event held. */
    private Known fromBuffer(long id) {
        BufferedEvent event = hub.latest(Channels.image(id), IMAGE_EVENTS);
        if (event == null) {
            return null;
        }
        ImageEventData data = JSON.convertValue(event.json().path("data"), ImageEventData.class);
        return new Known(id, data.status(), data.reason(), data.thumbnails());
    }

    /** From the buffer when its events are held, else from upload-service. */
    private Uni<Known> current(long id, ChannelAuthorizer.Caller caller) {
        Known buffered = fromBuffer(id);
        if (buffered != null) {
            return Uni.createFrom().item(buffered);
        }
        return uploads.image(id, caller.authorization())
                .map(image -> new Known(id, image.status(), image.reason(), image.thumbnails()));
    }
}
