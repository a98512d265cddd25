package dev.holdline.outbox;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: its own database and exchange, RabbitMQ behind a proxy a test can cut. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false,
        initArgs = { @ResourceArg(name = "rabbitProxy", value = "true"),
                // poll-gateway's user: its event types (chat, notification) are what these tests publish
                @ResourceArg(name = "rabbitUser", value = "poll-gateway") })
public class OutboxTestResources {
}
