package dev.holdline.upload.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs {@link ImageService#sweep} on a timer so that no image stays PENDING or PROCESSING forever. */
@ApplicationScoped
public class ImageSweeper {

    private static final int BATCH = 100;

    private final ImageService images;

    public ImageSweeper(ImageService images) {
        this.images = images;
    }

    @Scheduled(every = "${upload.sweeper.interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        while (images.sweep(BATCH) == BATCH) {
            // more were stale than one batch holds
        }
    }
}
