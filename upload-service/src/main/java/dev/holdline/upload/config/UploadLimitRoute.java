package dev.holdline.upload.config;

import dev.holdline.platform.rest.BodyLimits;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Answers 413 for an upload whose declared length is over the limit before a byte of its body is read
 * ({@link BodyLimits}). Bodies without a declared length are cut by {@code quarkus.http.limits.max-body-size}.
 */
@Singleton
public class UploadLimitRoute {

    /** Room for the multipart envelope around the file: boundaries, headers, a title. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    void install(@Observes Router router, UploadConfig config) {
        BodyLimits.limit(router, HttpMethod.POST, "/api/images", config.maxBytes() + MULTIPART_OVERHEAD,
                "image: an upload (the image and its multipart envelope)");
    }
}
