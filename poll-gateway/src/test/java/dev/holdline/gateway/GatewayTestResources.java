package dev.holdline.gateway;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: no database, its own exchange and stream, RabbitMQ behind a proxy a test can cut. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "database", value = "false"),
        @ResourceArg(name = "queues", value = "poll-gateway.events"),
        @ResourceArg(name = "rabbitProxy", value = "true"),
        @ResourceArg(name = "rabbitUser", value = "poll-gateway") })
public class GatewayTestResources {
}
