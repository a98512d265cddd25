package dev.holdline.gateway.rest;

import dev.holdline.gateway.service.ImageStatusAnswer;
import dev.holdline.gateway.service.ImageStatusService;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The blocking status call, answered by {@link ImageStatusService}; a client that leaves is forgotten at once. */
@Path("/api/images/{id}/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImageStatusResource {

    private final ImageStatusService images;
    private final JsonWebToken token;

    public ImageStatusResource(ImageStatusService images, JsonWebToken token) {
        this.images = images;
        this.token = token;
    }

    @GET
    @Operation(summary = "Waits up to 'wait' seconds (1..60) for the image to be COMPLETED or FAILED")
    public Uni<ImageStatusAnswer> status(@RestPath long id, @RestQuery String wait, @Context HttpServerRequest request) {
        int seconds = Params.intParam("wait", wait, 30, 1, 60);
        if (id < 1) { // image ids start at 1: nothing to ask upload-service about
            throw ApiException.notFound("image " + id);
        }
        return images.status(Callers.of(token), id, seconds,
                gone -> request.response().closeHandler(v -> gone.run()));
    }
}
