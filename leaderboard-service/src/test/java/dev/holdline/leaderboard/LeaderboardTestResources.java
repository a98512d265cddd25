package dev.holdline.leaderboard;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** This module's run: its own database and exchange (each replica's queue is exclusive and goes with it). */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false)
public class LeaderboardTestResources {
}
