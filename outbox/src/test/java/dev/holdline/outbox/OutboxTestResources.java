package dev.holdline.outbox;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: its own database and exchange, RabbitMQ behind a proxy a test can cut. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false,
        initArgs = { @ResourceArg(name = "rabbitProxy", value = "true"),
                @ResourceArg(name = "rabbitUser", value = "upload-service") })
public class OutboxTestResources {
}
