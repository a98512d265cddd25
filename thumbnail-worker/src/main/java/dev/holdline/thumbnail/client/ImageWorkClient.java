package dev.holdline.thumbnail.client;

import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.Failure;
import dev.holdline.events.image.ImageWork.ImageState;
import dev.holdline.platform.identity.ServiceTokens;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** upload-service's internal image API, called with a {@code service} token ({@code quarkus.rest-client.upload-service.url}). */
@RegisterRestClient(configKey = "upload-service")
@Path("/internal/images")
@Produces(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "Authorization", value = "{authorization}")
public interface ImageWorkClient {

    @GET
    @Path("/{id}/original")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    byte[] original(@PathParam("id") long id);

    @POST
    @Path("/{id}/processing")
    ImageState processing(@PathParam("id") long id);

    @PUT
    @Path("/{id}/thumbnails")
    @Consumes(MediaType.APPLICATION_JSON)
    ImageState complete(@PathParam("id") long id, Completion completion);

    @POST
    @Path("/{id}/failure")
    @Consumes(MediaType.APPLICATION_JSON)
    ImageState fail(@PathParam("id") long id, Failure failure);

    default String authorization() {
        return CDI.current().select(ServiceTokens.class).get().authorization("upload-service");
    }
}
