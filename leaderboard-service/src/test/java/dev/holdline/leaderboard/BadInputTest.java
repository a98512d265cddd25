package dev.holdline.leaderboard;

import dev.holdline.testing.BadInputContract;
import io.quarkus.test.junit.QuarkusTest;

/** Hostile and careless requests to every route the service declares: a clear, small 4xx each time, never a 500. */
@QuarkusTest
class BadInputTest extends BadInputContract {
}
