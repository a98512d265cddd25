package dev.holdline.platform.tracing;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Where spans go besides OTLP: a Zipkin server, as {@code scripts/local up} starts one on this machine. */
@ConfigMapping(prefix = "holdline.tracing")
public interface ZipkinConfig {

    /**
     * Zipkin's span API, for instance {@code http://localhost:9411/api/v2/spans}; spans are POSTed there in JSON
     * v2, in batches, besides any OTLP export. Unset (the default): nothing is sent to Zipkin.
     */
    Optional<URI> zipkinEndpoint();
}
