package dev.holdline.thumbnail;

import dev.holdline.testing.HoldlineTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** This module's run: no database, its own exchange and queue names, upload-service faked on loopback. */
@QuarkusTestResource(value = HoldlineTestResource.class, restrictToAnnotatedClass = false, initArgs = {
        @ResourceArg(name = "database", value = "false"),
        @ResourceArg(name = "queues", value = "thumbnail-worker.image-uploaded"),
        @ResourceArg(name = "rabbitUser", value = "thumbnail-worker") })
@QuarkusTestResource(value = FakeUploadService.class, restrictToAnnotatedClass = false)
public class WorkerTestResources {
}
