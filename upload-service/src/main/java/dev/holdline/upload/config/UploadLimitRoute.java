package dev.holdline.upload.config;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Answers 413 for an upload whose declared length is over the limit before a byte of its body is read.
 * Bodies without a declared length are cut by {@code quarkus.http.limits.max-body-size}.
 */
@Singleton
public class UploadLimitRoute {

    /** Room for the multipart envelope around the file: boundaries, headers, a title. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    void install(@Observes Router router, UploadConfig config) {
        long limit = config.maxBytes() + MULTIPART_OVERHEAD;
        router.route(HttpMethod.POST, "/api/images").order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long declared = -1;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException ignored) {
                // let the server reject a malformed header
            }
            if (declared > limit) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end("{\"error\":\"too_large\",\"detail\":\"image: the upload is " + declared
                                + " bytes; the limit is " + config.maxBytes() + "\"}");
            } else {
                ctx.next();
            }
        });
    }
}
