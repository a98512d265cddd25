package dev.holdline.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The data of every {@code image.*} event. {@code status} is the image's status after the event;
 * {@code reason} is set on {@code image.failed} (and on completion without thumbnails);
 * {@code thumbnails} is set on {@code image.completed}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageEventData(long imageId, String owner, ImageStatus status, String contentType, String reason,
        List<Thumbnail> thumbnails) {

}
