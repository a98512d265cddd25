package dev.holdline.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The bodies of upload-service's internal image API ({@code /internal/images}), which thumbnail-worker
 * calls: kept here beside the events so that both sides change together.
 */
public final class ImageWork {

    /** What a worker needs to know about an image before fetching its original. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImageState(long id, String owner, ImageStatus status, String contentType, long sizeBytes) {
    }

    /** One thumbnail made; {@code bytes} travels as base64. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThumbnailUpload(int size, int width, int height, String contentType, byte[] bytes) {
    }

    /** The outcome of processing: upright dimensions, the thumbnails, and a note when some are missing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Completion(Integer width, Integer height, List<ThumbnailUpload> thumbnails, String reason) {
    }

    /** Processing failed for good, with a reason for people. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String reason) {
    }

    private ImageWork() {
    }
}
