package dev.holdline.webhooks.service;

import dev.holdline.events.EventIds;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.webhooks.config.ConfiguredSubscriptions;
import dev.holdline.webhooks.config.WebhooksConfig;
import dev.holdline.webhooks.model.Naming;
import dev.holdline.webhooks.model.Subscription;
import dev.holdline.webhooks.model.SubscriptionStatus;
import dev.holdline.webhooks.repository.SubscriptionRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Subscriptions: made, changed, paused, resumed, deleted and given new secrets through the admin API, and
 * those written in configuration ({@code holdline.webhooks.<name>.*}) created or updated at start.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);
    private static final Pattern ID = Pattern.compile("sub_[0-9A-Z]{26}");

    /** The fields a caller sets; null leaves a field as it is on update. */
    public record Changes(String url, List<String> eventTypes, String description, Map<String, String> headers,
            String naming) {
    }

    /** A subscription and, right after creation or rotation only, its secret. */
    public record WithSecret(Subscription subscription, String secret) {
    }

    private final SubscriptionRepository subscriptions;
    private final Destinations destinations;
    private final WebhooksConfig config;
    private final ConfiguredSubscriptions configured;
    private final Clock clock;

    public SubscriptionService(SubscriptionRepository subscriptions, Destinations destinations,
            WebhooksConfig config, ConfiguredSubscriptions configured, Clock clock) {
        this.subscriptions = subscriptions;
        this.destinations = destinations;
        this.config = config;
        this.configured = configured;
        this.clock = clock;
    }

    @Transactional
    public WithSecret create(Changes changes) {
        if (changes.url() == null) {
            throw ApiException.badRequest("url", "a URL is required");
        }
        Subscription subscription = fresh(null);
        apply(subscription, changes, false);
        subscriptions.persist(subscription);
        return new WithSecret(subscription, subscription.secret);
    }

    /** A new active subscription to every event with a new secret; refused past the bound on subscriptions. */
    private Subscription fresh(String configName) {
        if (subscriptions.count() >= config.maxSubscriptions()) {
            throw ApiException.conflict("at most " + config.maxSubscriptions()
                    + " subscriptions (webhooks.max-subscriptions); delete one first");
        }
        Subscription subscription = new Subscription();
        subscription.id = "sub_" + EventIds.newId();
        subscription.eventTypes = List.of("*");
        subscription.headers = Map.of();
        subscription.naming = Naming.HOLDLINE;
        subscription.status = SubscriptionStatus.ACTIVE;
        subscription.secret = WebhookSignature.newSecret();
        subscription.createdAt = clock.instant();
        subscription.configName = configName;
        return subscription;
    }

    public Subscription get(String id) {
        if (id == null || !ID.matcher(id).matches()) { // never sent to the database as it is
            throw ApiException.notFound("subscription");
        }
        return subscriptions.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("subscription " + id));
    }

    public List<Subscription> list() {
        return subscriptions.listed();
    }

    @Transactional
    public Subscription update(String id, Changes changes) {
        Subscription subscription = get(id);
        apply(subscription, changes, false);
        return subscription;
    }

    /** Paused: events are still stored for it and sent on resume. */
    @Transactional
    public Subscription pause(String id) {
        Subscription subscription = get(id);
        if (subscription.status == SubscriptionStatus.ACTIVE) {
            subscription.status = SubscriptionStatus.PAUSED;
            subscription.updatedAt = clock.instant();
        }
        return subscription;
    }

    /** Active again, also after it was disabled: failures and the circuit start afresh. */
    @Transactional
    public Subscription resume(String id) {
        Subscription subscription = get(id);
        subscription.status = SubscriptionStatus.ACTIVE;
        subscription.disabledReason = null;
        subscription.consecutiveFailures = 0;
        subscription.failingSince = null;
        subscription.circuitOpenUntil = null;
        subscription.updatedAt = clock.instant();
        return subscription;
    }

    @Transactional
    public void delete(String id) {
        if (!subscriptions.deleteById(get(id).id)) {
            throw ApiException.notFound("subscription " + id);
        }
    }

    /** A new secret; the old one keeps signing (a second signature) for {@code webhooks.secret-overlap}. */
    @Transactional
    public WithSecret rotate(String id) {
        Subscription subscription = get(id);
        Instant now = clock.instant();
        subscription.previousSecret = subscription.secret;
        subscription.previousSecretUntil = now.plus(config.secretOverlap());
        subscription.secret = WebhookSignature.newSecret();
        subscription.updatedAt = now;
        return new WithSecret(subscription, subscription.secret);
    }

    void syncConfigured(@Observes StartupEvent event) {
        configured.all().forEach((name, entry) -> {
            try {
                upsertConfigured(name, entry);
            } catch (ApiException e) {
                throw new IllegalStateException("holdline.webhooks." + name + " is not a valid subscription: "
                        + e.getMessage(), e);
            }
        });
    }

    @Transactional
    void upsertConfigured(String name, ConfiguredSubscriptions.Entry entry) {
        Changes changes = new Changes(entry.url(), entry.eventTypes().orElse(List.of("*")),
                entry.description().orElse("from configuration: holdline.webhooks." + name), null,
                entry.naming().orElse(Naming.HOLDLINE.name()));
        Subscription subscription = subscriptions.byConfigName(name).orElse(null);
        if (subscription == null) {
            subscription = fresh(name);
            apply(subscription, changes, true);
            subscriptions.persist(subscription);
            LOG.infof("subscription %s made from holdline.webhooks.%s", subscription.id, name);
        } else {
            apply(subscription, changes, true);
        }
        if (entry.secret().isPresent() && !entry.secret().get().equals(subscription.secret)) {
            SubscriptionFields.secret(entry.secret().get());
            subscription.secret = entry.secret().get();
        }
    }

    /**
     * Sets the given fields, checking each. {@code configured}: from configuration at start, where a host that
     * does not resolve yet (DNS away) is accepted with a warning, and checked again at every send.
     */
    private void apply(Subscription subscription, Changes changes, boolean configured) {
        if (changes.url() != null) {
            try {
                destinations.check(changes.url());
            } catch (Destinations.Refused refused) {
                if (!(configured && "DNS".equals(refused.kind()))) {
                    throw ApiException.badRequest("url", refused.getMessage());
                }
                LOG.warnf("holdline.webhooks.%s: %s; kept, and checked again before every request",
                        subscription.configName, refused.getMessage());
            }
            subscription.url = changes.url();
        }
        if (changes.eventTypes() != null) {
            subscription.eventTypes = SubscriptionFields.eventTypes(changes.eventTypes());
        }
        if (changes.description() != null) {
            subscription.description = SubscriptionFields.description(changes.description());
        }
        if (changes.headers() != null) {
            subscription.headers = SubscriptionFields.headers(changes.headers());
        }
        if (changes.naming() != null) {
            subscription.naming = SubscriptionFields.naming(changes.naming());
        }
        subscription.updatedAt = clock.instant();
    }
}
