package dev.holdline.gateway.service;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns which image, as far as this replica knows: learned from the {@code image.*} events read from the
 * stream ({@code data.owner}), or from upload-service when it was asked on a caller's behalf. Decides who may
 * poll {@code image:<id>} without asking upload-service each time. Bounded: past {@link #MAX_IMAGES} the least
 * recently used is forgotten, which costs one question to upload-service if it is polled again.
 */
@Singleton
public class ImageOwners {

    public static final int MAX_IMAGES = 100_000;

    private final Map<String, String> owners;

    public ImageOwners() {
        this(MAX_IMAGES);
    }

    ImageOwners(int maxImages) {
        this.owners = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxImages;
            }
        };
    }

    /** The owner of an image; null when this replica has not learned it (or has forgotten it). */
    public String owner(String imageId) {
        synchronized (owners) {
            return owners.get(imageId);
        }
    }

    public void remember(String imageId, String owner) {
        synchronized (owners) {
            owners.put(imageId, owner);
        }
    }

    /** Images whose owner is remembered now. */
    public int size() {
        synchronized (owners) {
            return owners.size();
        }
    }
}
