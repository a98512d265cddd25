package dev.holdline.leaderboard;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: its own database and exchange (each replica's queue is exclusive and goes with it). */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "rabbitUser", value = "leaderboard-service"))
public class LeaderboardTestResources {
}
