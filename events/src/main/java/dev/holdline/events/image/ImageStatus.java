package dev.holdline.events.image;

/** Where an image is in its lifecycle; the same names on the wire, in upload-service's table and in events. */
public enum ImageStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    /** COMPLETED or FAILED: nothing will happen to the image any more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
