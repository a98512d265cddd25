package dev.holdline.webhooks.service;

import dev.holdline.platform.rest.ApiException;
import dev.holdline.webhooks.repository.DeliveryRepository;
import dev.holdline.webhooks.repository.DeliveryRepository.AttemptView;
import dev.holdline.webhooks.repository.DeliveryRepository.DeliveryView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Deliveries as operators see them: listed, their attempts, retried one by one or recovered in bulk. */
@ApplicationScoped
public class DeliveryService {

    private static final Set<String> STATUSES = Set.of("PENDING", "SUCCEEDED", "FAILED");

    private final DeliveryRepository deliveries;
    private final SubscriptionService subscriptions;
    private final EventIntake intake;
    private final DeliverySender sender;

    public DeliveryService(DeliveryRepository deliveries, SubscriptionService subscriptions, EventIntake intake,
            DeliverySender sender) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.intake = intake;
        this.sender = sender;
    }

    public List<DeliveryView> list(String status, String subscriptionId, String eventType, Long before, int limit) {
        String normalized = status == null ? null : status.toUpperCase(java.util.Locale.ROOT);
        if (normalized != null && !STATUSES.contains(normalized)) {
            throw ApiException.badRequest("status", "PENDING, SUCCEEDED or FAILED is expected");
        }
        return deliveries.list(normalized, subscriptionId, eventType, before, limit);
    }

    public DeliveryView get(long id) {
        return deliveries.find(id).orElseThrow(() -> ApiException.notFound("delivery " + id));
    }

    public List<AttemptView> attempts(long id) {
        get(id);
        return deliveries.attempts(id);
    }

    /** Sends a finished delivery again now, with a fresh schedule and the same webhook-id. */
    public DeliveryView retry(long id) {
        DeliveryView delivery = get(id);
        if (!deliveries.retry(id)) {
            throw ApiException.conflict("delivery " + id + " is " + delivery.status() + ": it is being sent already");
        }
        sender.wake();
        return get(id);
    }

    /** Sends again every delivery of the subscription that failed since {@code since}; how many. */
    public int recover(String subscriptionId, Instant since) {
        subscriptions.get(subscriptionId);
        int count = deliveries.recover(subscriptionId, since);
        sender.wake();
        return count;
    }

    /** A {@code webhook.test} event for one subscription, delivered like any other. */
    public void test(String subscriptionId) {
        subscriptions.get(subscriptionId);
        intake.storeTest(subscriptionId, Map.of("subscription", subscriptionId,
                "message", "a test event from Holdline's webhook-dispatcher"));
    }
}
