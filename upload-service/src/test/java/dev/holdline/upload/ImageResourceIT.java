package dev.holdline.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class ImageResourceIT extends ImageResourceTest {
}
