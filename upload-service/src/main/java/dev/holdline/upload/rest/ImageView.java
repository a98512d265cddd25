package dev.holdline.upload.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.holdline.upload.model.Image;
import dev.holdline.upload.model.ThumbnailInfo;
import dev.holdline.upload.service.Links;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An image as its owner sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageView(long id, String title, String status, String reason, String contentType, long sizeBytes,
        Integer width, Integer height, Instant createdAt, Instant updatedAt, List<ThumbnailView> thumbnails,
        Map<String, String> links) {

    public record ThumbnailView(int size, int width, int height, String contentType, String url) {
    }

    public static ImageView of(Image image, List<ThumbnailInfo> thumbnails) {
        return new ImageView(image.id, image.title, image.status.name(), image.reason, image.contentType,
                image.sizeBytes, image.width, image.height, image.createdAt, image.updatedAt,
                thumbnails.stream().map(t -> new ThumbnailView(t.size(), t.width(), t.height(),
                        t.contentType(), Links.thumbnail(image.id, t.size()))).toList(),
                Map.of("self", Links.image(image.id), "original", Links.original(image.id),
                        "status", Links.status(image.id)));
    }
}
