package dev.holdline.gateway.service;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns which image, as far as this replica knows: learned from the {@code image.*} events read from the
 * stream ({@code data.owner}), or from upload-service when it was asked on a caller's behalf. Decides who may
 * poll {@code image:<id>} without asking upload-service each time.
 */
@Singleton
public class ImageOwners {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /** The owner of an image; null when this replica has not learned it. */
    public String owner(String imageId) {
        return owners.get(imageId);
    }

    public void remember(String imageId, String owner) {
        owners.put(imageId, owner);
    }
}
