package dev.holdline.thumbnail;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class ThumbnailWorkerIT extends ThumbnailWorkerTest {
}
