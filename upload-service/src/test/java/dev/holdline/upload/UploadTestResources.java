package dev.holdline.upload;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * This module's run: its own database and exchange, RabbitMQ and PostgreSQL behind proxies the outage tests
 * can cut.
 */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false,
        initArgs = { @ResourceArg(name = "rabbitProxy", value = "true"), @ResourceArg(name = "pgProxy", value = "true"),
                @ResourceArg(name = "rabbitUser", value = "upload-service") })
public class UploadTestResources {
}
