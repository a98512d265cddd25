package dev.holdline.events;

import java.util.Set;

/**
 * Every event type Holdline publishes. The type is also the routing key on the
 * {@link Exchanges#EVENTS} topic exchange. Add a type here and in docs/architecture.md together.
 */
public final class EventTypes {

    public static final String IMAGE_UPLOADED = "image.uploaded";
    public static final String IMAGE_PROCESSING = "image.processing";
    public static final String IMAGE_COMPLETED = "image.completed";
    public static final String IMAGE_FAILED = "image.failed";
    /** The owner (or an admin) deleted the image: its original and thumbnails are gone. */
    public static final String IMAGE_DELETED = "image.deleted";
    public static final String SCORE_SUBMITTED = "score.submitted";
    /** A player's entry was deleted (by the player or an admin): replicas drop it from their ranks. */
    public static final String SCORE_REMOVED = "score.removed";
    public static final String LEADERBOARD_UPDATED = "leaderboard.updated";
    /** A board was seeded afresh or deleted: replicas drop what they hold of it (for services only). */
    public static final String LEADERBOARD_RESET = "leaderboard.reset";
    /** A player's name changed (they set it, or an admin renamed them): replicas rename their entries (for services only). */
    public static final String PLAYER_RENAMED = "player.renamed";
    public static final String ORDER_PLACED = "order.placed";
    public static final String CHAT_MESSAGE = "chat.message";
    public static final String CHAT_TYPING = "chat.typing";
    public static final String CHAT_READ = "chat.read";
    public static final String NOTIFICATION = "notification";
    public static final String PRESENCE_CHANGED = "presence.changed";

    public static final Set<String> ALL = Set.of(IMAGE_UPLOADED, IMAGE_PROCESSING, IMAGE_COMPLETED, IMAGE_FAILED,
            IMAGE_DELETED, SCORE_SUBMITTED, SCORE_REMOVED, LEADERBOARD_UPDATED, LEADERBOARD_RESET, PLAYER_RENAMED, ORDER_PLACED, CHAT_MESSAGE, CHAT_TYPING, CHAT_READ, NOTIFICATION,
            PRESENCE_CHANGED);

    public static boolean isKnown(String type) {
        return type != null && ALL.contains(type);
    }

    private EventTypes() {
    }
}
