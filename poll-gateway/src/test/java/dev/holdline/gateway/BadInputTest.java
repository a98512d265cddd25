package dev.holdline.gateway;

import dev.holdline.testing.BadInputContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Hostile and careless requests to every route the service declares: a clear, small 4xx each time, never a 500.
 * With upload-service's stand-in, so that an image id that passes the gateway's checks is asked about (without it,
 * the honest answer is a 503: upstream unavailable).
 */
@QuarkusTest
@TestProfile(WithUploadService.class)
class BadInputTest extends BadInputContract {
}
