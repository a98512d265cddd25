package dev.holdline.events;

import java.util.Map;
import java.util.Optional;
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

    /** Each type's visibility ({@link EventVisibility}); every type of {@link #ALL} has one. */
    private static final Map<String, EventVisibility> VISIBILITY = Map.ofEntries(
            Map.entry(IMAGE_UPLOADED, EventVisibility.DOMAIN), Map.entry(IMAGE_PROCESSING, EventVisibility.DOMAIN),
            Map.entry(IMAGE_COMPLETED, EventVisibility.DOMAIN), Map.entry(IMAGE_FAILED, EventVisibility.DOMAIN),
            Map.entry(IMAGE_DELETED, EventVisibility.DOMAIN), Map.entry(SCORE_SUBMITTED, EventVisibility.DOMAIN),
            Map.entry(SCORE_REMOVED, EventVisibility.DOMAIN), Map.entry(LEADERBOARD_UPDATED, EventVisibility.DOMAIN),
            Map.entry(LEADERBOARD_RESET, EventVisibility.DOMAIN), Map.entry(PLAYER_RENAMED, EventVisibility.DOMAIN),
            Map.entry(ORDER_PLACED, EventVisibility.DOMAIN),
            Map.entry(CHAT_MESSAGE, EventVisibility.PRIVATE), Map.entry(NOTIFICATION, EventVisibility.PRIVATE),
            Map.entry(CHAT_TYPING, EventVisibility.EPHEMERAL), Map.entry(CHAT_READ, EventVisibility.EPHEMERAL),
            Map.entry(PRESENCE_CHANGED, EventVisibility.EPHEMERAL));

    /** Who may see events of {@code type} outside Holdline; empty for a type Holdline does not publish. */
    public static Optional<EventVisibility> visibility(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(VISIBILITY.get(type));
    }

    public static boolean isKnown(String type) {
        return type != null && ALL.contains(type);
    }

    private EventTypes() {
    }
}
