package dev.holdline.upload.repository;

import dev.holdline.upload.model.ImageOriginal;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ImageOriginalRepository implements PanacheRepositoryBase<ImageOriginal, Long> {
}
