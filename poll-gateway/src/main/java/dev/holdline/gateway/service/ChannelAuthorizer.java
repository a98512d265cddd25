package dev.holdline.gateway.service;

import dev.holdline.events.Channels;
import dev.holdline.gateway.client.ImageViewClient;
import dev.holdline.platform.rest.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Who may poll what: {@code user:<self>}, images one owns (known from their events, else asked of
 * upload-service with the caller's token), any room, any leaderboard, {@code broadcast}, {@code role:<role>} for
 * the holders of that role by the token's groups (never by user name). Admins may poll all.
 */
@Singleton
public class ChannelAuthorizer {

    /** The caller, as the token says. */
    public record Caller(String user, boolean admin, String authorization) {
    }

    private final ImageOwners owners;
    private final ImageViewClient uploads;

    public ChannelAuthorizer(ImageOwners owners, @RestClient ImageViewClient uploads) {
        this.owners = owners;
        this.uploads = uploads;
    }

    /**
     * Checks every channel's grammar and what the caller may see now: throws 400 or 403. Returns the images
     * whose owner this replica does not know yet (ask {@link #ownsImages}); empty when all is decided.
     */
    public List<String> check(Caller caller, List<String> channels) {
        List<String> unknownImages = List.of();
        for (String channel : channels) {
            if (!Channels.isValid(channel)) {
                throw ApiException.badRequest("channel", "'" + channel + "' is not user:<id>, room:<name>, "
                        + "image:<id>, leaderboard:<board>, role:<role> or broadcast, with names of "
                        + "[A-Za-z0-9._-]{1,64}");
            }
            if (caller.admin() || Channels.BROADCAST.equals(channel)) {
                continue;
            }
            String kind = channel.substring(0, channel.indexOf(':'));
            String name = channel.substring(channel.indexOf(':') + 1);
            switch (kind) {
                case Channels.USER -> {
                    if (!name.equals(caller.user())) {
                        throw ApiException.forbidden("channel " + channel + " is not yours");
                    }
                }
                case Channels.ROLE -> {
                    // admin is the one role a user's token can hold (service is for service tokens, which never
                    // poll), and admins passed above: nobody else holds a role channel's role
                    throw ApiException.forbidden("channel " + channel + " is for the holders of the role " + name);
                }
                case Channels.IMAGE -> {
                    if (!knownToOwn(caller, name)) {
                        unknownImages = new ArrayList<>(unknownImages);
                        unknownImages.add(name);
                    }
                }
                default -> {
                    // rooms and leaderboards are open to every signed-in user
                }
            }
        }
        return unknownImages;
    }

    /** Completes if the caller owns every image (asked of upload-service when unknown); fails with 403 if not. */
    public Uni<Void> ownsImages(Caller caller, List<String> imageIds) {
        return imageIds.size() == 1 ? ownsImage(caller, imageIds.get(0))
                : Uni.join().all(imageIds.stream().map(id -> ownsImage(caller, id)).toList()).andFailFast()
                        .replaceWithVoid();
    }

    /**
     * From the owners learned from image events: true if the caller owns the image, 403 if someone else does,
     * false if this replica does not know (upload-service must be asked).
     */
    private boolean knownToOwn(Caller caller, String imageId) {
        String owner = owners.owner(imageId);
        if (owner != null && !owner.equals(caller.user())) {
            throw ApiException.forbidden("image " + imageId + " is not yours");
        }
        return owner != null;
    }

    /** Completes if the caller owns the image; fails with 403 otherwise. */
    public Uni<Void> ownsImage(Caller caller, String imageId) {
        try {
            if (caller.admin() || knownToOwn(caller, imageId)) {
                return Uni.createFrom().voidItem();
            }
        } catch (ApiException notYours) {
            return Uni.createFrom().failure(notYours);
        }
        long id;
        try {
            id = Long.parseLong(imageId);
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(ApiException.badRequest("channel", "image ids are numbers"));
        }
        return uploads.image(id, caller.authorization())
                .invoke(image -> owners.remember(imageId, caller.user()))
                .replaceWithVoid()
                .onFailure(WebApplicationException.class).transform(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    return status == 404 || status == 403
                            ? ApiException.forbidden("image " + imageId + " is not yours")
                            : new ApiException(503, "upstream_unavailable", "upload-service answered " + status);
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> new ApiException(503,
                        "upstream_unavailable", "upload-service is unreachable"));
    }
}
