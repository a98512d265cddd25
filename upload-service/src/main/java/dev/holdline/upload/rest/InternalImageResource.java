package dev.holdline.upload.rest;

import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.Failure;
import dev.holdline.events.image.ImageWork.ImageState;
import dev.holdline.events.image.ImageWork.ThumbnailUpload;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.upload.model.Image;
import dev.holdline.upload.service.ImageService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** What thumbnail-worker calls: reachable only with a token carrying the {@code service} role. */
@Path("/internal/images")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalImageResource {

    private static final int MAX_REASON = 500;
    private static final int MAX_THUMBNAILS = 16;

    private final ImageService images;

    public InternalImageResource(ImageService images) {
        this.images = images;
    }

    @GET
    @Path("/{id}")
    public ImageState get(@RestPath long id) {
        return view(images.findVisible(id, null, true)
                .orElseThrow(() -> ApiException.notFound("image " + id)));
    }

    @GET
    @Path("/{id}/original")
    @Produces({ MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON })
    public Response original(@RestPath long id) {
        return Response.ok(images.original(id).orElseThrow(() -> ApiException.notFound("image " + id)),
                MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
    }

    @POST
    @Path("/{id}/processing")
    @Operation(summary = "A worker took the image (PENDING to PROCESSING; repeated calls change nothing)")
    public ImageState processing(@RestPath long id) {
        return view(images.markProcessing(id));
    }

    @PUT
    @Path("/{id}/thumbnails")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store the thumbnails and complete the image (idempotent; 409 if it already failed)")
    public ImageState complete(@RestPath long id, Completion completion) {
        if (completion == null || completion.thumbnails() == null) {
            throw ApiException.badRequest("thumbnails", "required (may be empty, with a reason)");
        }
        if (completion.thumbnails().size() > MAX_THUMBNAILS) {
            throw ApiException.badRequest("thumbnails", "at most " + MAX_THUMBNAILS);
        }
        if (completion.thumbnails().isEmpty() && isBlank(completion.reason())) {
            throw ApiException.badRequest("reason", "say why an image completes without thumbnails");
        }
        for (ThumbnailUpload t : completion.thumbnails()) {
            if (t.bytes() == null || t.bytes().length == 0 || t.size() <= 0 || t.width() <= 0 || t.height() <= 0
                    || !("image/jpeg".equals(t.contentType()) || "image/png".equals(t.contentType()))) {
                throw ApiException.badRequest("thumbnails", "each needs size, width, height > 0, contentType "
                        + "image/jpeg or image/png and bytes");
            }
        }
        return view(images.complete(id, completion.width(), completion.height(),
                completion.thumbnails().stream().map(t -> new ImageService.NewThumbnail(t.size(), t.width(),
                        t.height(), t.contentType(), t.bytes())).toList(),
                trimmed(completion.reason())));
    }

    @POST
    @Path("/{id}/failure")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Processing failed for good: FAILED with a reason for people (repeated calls change nothing)")
    public ImageState fail(@RestPath long id, Failure failure) {
        if (failure == null || isBlank(failure.reason())) {
            throw ApiException.badRequest("reason", "required");
        }
        return view(images.fail(id, trimmed(failure.reason())));
    }

    private static ImageState view(Image image) {
        return new ImageState(image.id, image.owner, image.status, image.contentType, image.sizeBytes);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimmed(String reason) {
        if (reason == null) {
            return null;
        }
        String r = reason.strip();
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) : r;
    }
}
