package dev.holdline.gateway.client;

import dev.holdline.events.image.ImageView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * upload-service's {@code GET /api/images/{id}} as the caller sees it: the caller's own token is forwarded, so
 * a 200 proves ownership and a 404 means "not yours or not there" ({@code quarkus.rest-client.upload-service.url}).
 */
@RegisterRestClient(configKey = "upload-service")
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
public interface ImageViewClient {

    @GET
    @Path("/{id}")
    Uni<ImageView> image(@PathParam("id") long id, @HeaderParam("Authorization") String authorization);
}
