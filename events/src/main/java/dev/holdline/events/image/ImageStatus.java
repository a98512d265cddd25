package dev.holdline.events.image;

/**
 * Where an image is in its lifecycle; the same names on the wire, in upload-service's table and in events.
 * {@code DELETED} is only ever in an event ({@code image.deleted}) and in a status answer: a deleted image has no row.
 */
public enum ImageStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, DELETED;

    /** COMPLETED, FAILED or DELETED: nothing will happen to the image any more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == DELETED;
    }
}
