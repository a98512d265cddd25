package dev.holdline.thumbnail.service;

import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.Failure;
import dev.holdline.events.image.ImageWork.ImageState;
import dev.holdline.events.image.ImageWork.ThumbnailUpload;
import dev.holdline.thumbnail.client.ImageWorkClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Processes one uploaded image end to end through upload-service's internal API in three calls: take it
 * (which tells its state), fetch the original, store the thumbnails or the failure. Every step is
 * idempotent, so a redelivered message or a retry after a crash changes nothing that was done.
 */
@ApplicationScoped
@Startup // made at start, not at the first image: its counters are exported (at 0) from the start
public class ThumbnailService {

    private static final Logger LOG = Logger.getLogger(ThumbnailService.class);

    public enum Outcome {
        COMPLETED, FAILED, ALREADY_DONE, GONE
    }

    private final ImageWorkClient uploads;
    private final ThumbnailEngine engine;
    private final MeterRegistry metrics;

    public ThumbnailService(@RestClient ImageWorkClient uploads, ThumbnailEngine engine, MeterRegistry metrics) {
        this.uploads = uploads;
        this.engine = engine;
        this.metrics = metrics;
        for (Outcome outcome : Outcome.values()) { // every outcome at 0 from the start: rate() needs the series
            metrics.counter("holdline.thumbnail.images", "outcome", outcome.name().toLowerCase());
        }
    }

    /**
     * Retried with exponential backoff while upload-service is unreachable or answers 5xx/429
     * (configurable: {@code quarkus.fault-tolerance."...ThumbnailService/process".retry.*}); after that the
     * caller nacks and the message is parked in the dead-letter queue.
     */
    @Retry(maxRetries = 5, delay = 500, jitter = 250, retryOn = TransientFailureException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 8000)
    public Outcome process(long imageId) {
        try {
            return render(imageId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) { // never uploaded here, or deleted by its owner meanwhile
                LOG.infof("image %d no longer exists; nothing to do", imageId);
                return count(Outcome.GONE);
            }
            throw e;
        }
    }

    private Outcome render(long imageId) {
        // takes the image (PENDING to PROCESSING) and tells its state in one call; repeated calls change nothing
        ImageState state = call(() -> uploads.processing(imageId));
        if (state.status().isFinal()) {
            LOG.debugf("image %d is already %s; a redelivery changes nothing", imageId, state.status());
            return count(Outcome.ALREADY_DONE);
        }
        byte[] original = call(() -> uploads.original(imageId));
        ThumbnailEngine.Result result;
        Timer.Sample sample = Timer.start(metrics);
        try {
            result = engine.render(original);
        } catch (UnprocessableImageException e) {
            LOG.infof("image %d cannot be processed: %s", imageId, e.getMessage());
            call(() -> uploads.fail(imageId, new Failure(e.getMessage())));
            return count(Outcome.FAILED);
        } finally {
            sample.stop(metrics.timer("holdline.thumbnail.render"));
        }
        Completion completion = new Completion(result.width() > 0 ? result.width() : null,
                result.height() > 0 ? result.height() : null,
                result.thumbnails().stream().map(t -> new ThumbnailUpload(t.size(), t.width(), t.height(),
                        t.contentType(), t.bytes())).toList(),
                result.note());
        try {
            call(() -> uploads.complete(imageId, completion));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                LOG.infof("image %d failed meanwhile; its thumbnails are dropped", imageId);
                return count(Outcome.ALREADY_DONE);
            }
            throw e;
        }
        return count(Outcome.COMPLETED);
    }

    /** Runs a call to upload-service, turning "away for now" into {@link TransientFailureException}. */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ProcessingException e) {
            throw new TransientFailureException("upload-service unreachable: " + e.getMessage(), e);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500 || status == 429) {
                throw new TransientFailureException("upload-service answered " + status, e);
            }
            throw e;
        }
    }

    private Outcome count(Outcome outcome) {
        metrics.counter("holdline.thumbnail.images", "outcome", outcome.name().toLowerCase()).increment();
        return outcome;
    }
}
