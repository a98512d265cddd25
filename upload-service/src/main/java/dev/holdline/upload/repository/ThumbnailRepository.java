package dev.holdline.upload.repository;

import dev.holdline.upload.model.StoredThumbnail;
import dev.holdline.upload.model.ThumbnailInfo;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ThumbnailRepository implements PanacheRepository<StoredThumbnail> {

    /** The thumbnails of these images, without their bytes. */
    public List<ThumbnailInfo> infoOf(Collection<Long> imageIds) {
        return find("imageId in ?1", Sort.ascending("imageId", "size"), imageIds).project(ThumbnailInfo.class)
                .list();
    }

    public Optional<StoredThumbnail> ofImage(long imageId, int size) {
        return find("imageId = ?1 and size = ?2", imageId, size).firstResultOptional();
    }
}
