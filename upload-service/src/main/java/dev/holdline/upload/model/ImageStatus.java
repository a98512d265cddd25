package dev.holdline.upload.model;

public enum ImageStatus {
    PENDING, PROCESSING, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
