package dev.holdline.webhooks.repository;

import dev.holdline.webhooks.model.Subscription;
import dev.holdline.webhooks.model.SubscriptionStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, String> {

    public List<Subscription> listed() {
        return listAll(Sort.ascending("createdAt", "id"));
    }

    public Optional<Subscription> byConfigName(String name) {
        return find("configName", name).firstResultOptional();
    }

    /** Active subscriptions whose failures started before {@code since} with no success after. */
    public List<Subscription> failingSince(Instant since) {
        return list("status = ?1 and failingSince < ?2 and (lastSuccessAt is null or lastSuccessAt < ?2)",
                SubscriptionStatus.ACTIVE, since);
    }

    public long countDisabled() {
        return count("status", SubscriptionStatus.DISABLED);
    }
}
