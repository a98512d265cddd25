package dev.holdline.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /**
     * The oldest unsent events, locked so that two relays (two replicas) never publish the same batch;
     * rows another relay holds are skipped, not waited for.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> lockUnsent(int limit) {
        return getEntityManager().createNativeQuery(
                "SELECT * FROM outbox_event WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?1"
                        + " FOR UPDATE SKIP LOCKED", OutboxEvent.class)
                .setParameter(1, limit).getResultList();
    }

    public long countUnsent() {
        return count("sentAt is null");
    }
}
