package dev.holdline.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An image as its owner sees it: the body of upload-service's {@code GET /api/images/{id}}, which
 * poll-gateway reads too (with the caller's token) for the blocking status call.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageView(long id, String title, ImageStatus status, String reason, String contentType, long sizeBytes,
        Integer width, Integer height, Instant createdAt, Instant updatedAt, List<Thumbnail> thumbnails,
        Map<String, String> links) {
}
