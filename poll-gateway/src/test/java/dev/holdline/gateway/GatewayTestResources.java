package dev.holdline.gateway;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: no database, its own exchange and stream. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "database", value = "false"),
        @ResourceArg(name = "queues", value = "poll-gateway.events") })
public class GatewayTestResources {
}
