package dev.holdline.webhooks;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: its own database, exchange and queue {@code webhook-dispatcher.events} with its DLQ. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "queues", value = "webhook-dispatcher.events"),
        @ResourceArg(name = "rabbitUser", value = "webhook-dispatcher") })
public class WebhookTestResources {
}
