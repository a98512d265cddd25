package dev.holdline.webhooks.service;

import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.identity.Roles;
import dev.holdline.webhooks.config.WebhooksConfig;
import dev.holdline.webhooks.model.Subscription;
import dev.holdline.webhooks.repository.DeliveryPruning;
import dev.holdline.webhooks.repository.DeliveryQueue;
import dev.holdline.webhooks.repository.SubscriptionRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Housekeeping on a timer: disables subscriptions that failed with no success for {@code webhooks.disable-after}
 * and tells the admins ({@code notification} to {@code role:admin}, the holders of the admin role, with the URL
 * shown without its query and path secrets: {@link UrlRedaction}), prunes
 * what is older than {@code webhooks.retention}, and keeps the gauges of due deliveries and disabled
 * subscriptions current.
 */
@ApplicationScoped
public class SubscriptionWatch {

    private static final Logger LOG = Logger.getLogger(SubscriptionWatch.class);

    private final SubscriptionRepository subscriptions;
    private final DeliveryPruning pruning;
    private final DeliveryQueue queue;
    private final OutboxService outbox;
    private final EventFactory events;
    private final WebhooksConfig config;
    private final Clock clock;
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();

    public SubscriptionWatch(SubscriptionRepository subscriptions, DeliveryPruning pruning, DeliveryQueue queue,
            OutboxService outbox, EventFactory events, WebhooksConfig config, Clock clock, MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.pruning = pruning;
        this.queue = queue;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.clock = clock;
        Gauge.builder("holdline.webhooks.oldest.due.seconds", oldestDueMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest due delivery not yet sent").register(meters);
        Gauge.builder("holdline.webhooks.subscriptions.disabled", disabled, AtomicLong::get)
                .description("Subscriptions disabled (410 or failing too long)").register(meters);
    }

    @Scheduled(every = "${webhooks.watch-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void disableLongFailing() {
        List<Subscription> failing = QuarkusTransaction.requiringNew()
                .call(() -> subscriptions.failingSince(clock.instant().minus(config.disableAfter())));
        for (Subscription subscription : failing) {
            QuarkusTransaction.requiringNew().run(() -> {
                Subscription current = subscriptions.findById(subscription.id);
                if (current == null || current.status != dev.holdline.webhooks.model.SubscriptionStatus.ACTIVE) {
                    return;
                }
                current.status = dev.holdline.webhooks.model.SubscriptionStatus.DISABLED;
                current.disabledReason = "no successful delivery since " + current.failingSince;
                current.updatedAt = clock.instant();
                String title = "Webhook subscription disabled";
                String body = "Subscription " + current.id + " (" + UrlRedaction.redact(current.url)
                        + ") has failed since " + current.failingSince
                        + " with no success and was disabled. Resume it with POST /api/webhooks/subscriptions/"
                        + current.id + "/resume.";
                outbox.enqueue(events.create(EventTypes.NOTIFICATION, "subscriptions/" + current.id,
                        List.of(Channels.role(Roles.ADMIN)),
                        Map.of("title", title, "body", body, "from", "webhook-dispatcher")));
                LOG.warnf("subscription %s disabled: failing since %s", current.id, current.failingSince);
            });
        }
    }

    @Scheduled(every = "1h", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int removed = pruning.prune(clock.instant().minus(config.retention()));
        if (removed > 0) {
            LOG.infof("pruned %d attempts, deliveries and events older than %s", removed, config.retention());
        }
    }

    @Scheduled(every = "10s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        Duration age = queue.oldestDueAge();
        oldestDueMillis.set(age.toMillis());
        disabled.set(QuarkusTransaction.requiringNew().call(subscriptions::countDisabled));
    }
}
