package dev.holdline.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * upload-service as the caller sees it: the caller's own token is forwarded, so a 200 proves ownership
 * and a 404 means "not yours or not there" ({@code quarkus.rest-client.upload-service.url}).
 */
@RegisterRestClient(configKey = "upload-service")
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
public interface UploadServiceClient {

    @GET
    @Path("/{id}")
    Uni<JsonNode> image(@PathParam("id") long id, @HeaderParam("Authorization") String authorization);
}
