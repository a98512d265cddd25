package dev.holdline.upload.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A thumbnail without its bytes, for listings. */
@RegisterForReflection
public record ThumbnailInfo(Long imageId, int size, int width, int height, String contentType) {
}
