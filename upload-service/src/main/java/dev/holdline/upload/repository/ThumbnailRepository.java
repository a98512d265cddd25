package dev.holdline.upload.repository;

import dev.holdline.upload.model.Thumbnail;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ThumbnailRepository implements PanacheRepository<Thumbnail> {

    public List<Thumbnail> ofImage(long imageId) {
        return find("imageId", Sort.ascending("size"), imageId).list();
    }

    public Optional<Thumbnail> ofImage(long imageId, int size) {
        return find("imageId = ?1 and size = ?2", imageId, size).firstResultOptional();
    }
}
