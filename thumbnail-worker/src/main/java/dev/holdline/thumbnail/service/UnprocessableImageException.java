package dev.holdline.thumbnail.service;

/** The image itself is the problem (corrupt, unsupported, too large): retrying cannot help. */
public class UnprocessableImageException extends Exception {

    public UnprocessableImageException(String reason) {
        super(reason);
    }
}
