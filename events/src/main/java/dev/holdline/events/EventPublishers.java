package dev.holdline.events;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who may publish each event type: the service, that is the RabbitMQ user it connects as, whose events they are.
 * The one table that both sides of the check read: {@code k8s/base/infra/rabbitmq-permissions} gives each user
 * a topic permission on exactly {@link #topicPermission(String) its types} (a test compares them), and every
 * consumer refuses an event whose {@code user_id} is not {@link #mayPublish(String, String) its publisher}.
 * Add a type here together with {@link EventTypes}.
 */
public final class EventPublishers {

    public static final String UPLOAD_SERVICE = "upload-service";
    public static final String THUMBNAIL_WORKER = "thumbnail-worker";
    public static final String LEADERBOARD_SERVICE = "leaderboard-service";
    public static final String WEBHOOK_DISPATCHER = "webhook-dispatcher";
    public static final String POLL_GATEWAY = "poll-gateway";

    /** Every service that connects to RabbitMQ, publishing or not. */
    public static final Set<String> SERVICES = Set.of(UPLOAD_SERVICE, THUMBNAIL_WORKER, LEADERBOARD_SERVICE,
            WEBHOOK_DISPATCHER, POLL_GATEWAY);

    private static final Map<String, Set<String>> BY_TYPE = Map.ofEntries(
            Map.entry(EventTypes.IMAGE_UPLOADED, Set.of(UPLOAD_SERVICE)),
            Map.entry(EventTypes.IMAGE_PROCESSING, Set.of(UPLOAD_SERVICE)),
            Map.entry(EventTypes.IMAGE_COMPLETED, Set.of(UPLOAD_SERVICE)),
            Map.entry(EventTypes.IMAGE_FAILED, Set.of(UPLOAD_SERVICE)),
            Map.entry(EventTypes.IMAGE_DELETED, Set.of(UPLOAD_SERVICE)),
            Map.entry(EventTypes.SCORE_SUBMITTED, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.SCORE_REMOVED, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.LEADERBOARD_UPDATED, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.LEADERBOARD_RESET, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.ORDER_PLACED, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.PLAYER_RENAMED, Set.of(LEADERBOARD_SERVICE)),
            Map.entry(EventTypes.CHAT_MESSAGE, Set.of(POLL_GATEWAY)),
            Map.entry(EventTypes.CHAT_TYPING, Set.of(POLL_GATEWAY)),
            Map.entry(EventTypes.CHAT_READ, Set.of(POLL_GATEWAY)),
            Map.entry(EventTypes.PRESENCE_CHANGED, Set.of(POLL_GATEWAY)),
            // users' notifications (POST /api/notifications) and the operators' (a subscription disabled)
            Map.entry(EventTypes.NOTIFICATION, Set.of(POLL_GATEWAY, WEBHOOK_DISPATCHER)));

    /** The services allowed to publish {@code type}; none for a type Holdline does not know. */
    public static Set<String> of(String type) {
        return type == null ? Set.of() : BY_TYPE.getOrDefault(type, Set.of());
    }

    /** Whether the RabbitMQ user {@code user} may publish events of {@code type}. */
    public static boolean mayPublish(String type, String user) {
        return user != null && of(type).contains(user);
    }

    /** The event types {@code service} publishes, sorted. */
    public static Set<String> typesOf(String service) {
        return BY_TYPE.entrySet().stream().filter(e -> e.getValue().contains(service)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The RabbitMQ topic permission (a regex on routing keys) that lets {@code service} publish exactly its
     * types: {@code ^(image\.deleted|image\.uploaded)$}, or {@code ^$} (nothing) for a service that publishes none.
     */
    public static String topicPermission(String service) {
        Set<String> types = typesOf(service);
        if (types.isEmpty()) {
            return "^$";
        }
        return types.stream().map(t -> t.replace(".", "\\.")).collect(Collectors.joining("|", "^(", ")$"));
    }

    private EventPublishers() {
    }
}
