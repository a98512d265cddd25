package dev.holdline.upload.repository;

import dev.holdline.events.image.ImageStatus;
import dev.holdline.upload.model.Image;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ImageRepository implements PanacheRepository<Image> {

    public List<Image> pageOfOwner(String owner, int page, int size) {
        return find("owner", Sort.descending("createdAt", "id"), owner).page(Page.of(page, size)).list();
    }

    public long countOfOwner(String owner) {
        return count("owner", owner);
    }

    /** Bytes of the owner's originals. */
    public long bytesOfOwner(String owner) {
        return getEntityManager().createQuery("SELECT COALESCE(SUM(i.sizeBytes), 0) FROM Image i WHERE i.owner = ?1",
                Long.class).setParameter(1, owner).getSingleResult();
    }

    /** Until the transaction ends, the owner's other uploads wait here (a PostgreSQL advisory lock on the name). */
    public void lockOwner(String owner) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, owner)
                .getSingleResult();
    }

    /** The image, locked for update, so that concurrent status changes apply one after the other. */
    public Optional<Image> lock(long id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<Image> unfinishedSince(Instant before, int limit) {
        return find("status in ?1 and updatedAt < ?2", Sort.ascending("updatedAt"),
                List.of(ImageStatus.PENDING, ImageStatus.PROCESSING), before).page(0, limit).list();
    }
}
