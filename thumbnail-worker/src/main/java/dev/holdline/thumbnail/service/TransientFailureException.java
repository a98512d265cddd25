package dev.holdline.thumbnail.service;

/** upload-service or the network is briefly away: worth trying again later. */
public class TransientFailureException extends RuntimeException {

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
