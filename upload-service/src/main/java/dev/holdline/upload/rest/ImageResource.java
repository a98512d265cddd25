package dev.holdline.upload.rest;

import dev.holdline.events.image.ImageView;
import dev.holdline.events.image.Thumbnail;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.limits.UserRateLimiter;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.Params;
import dev.holdline.upload.config.UploadConfig;
import dev.holdline.upload.model.Image;
import dev.holdline.upload.model.StoredThumbnail;
import dev.holdline.upload.model.ThumbnailInfo;
import dev.holdline.upload.service.ImageService;
import dev.holdline.upload.service.ImageType;
import dev.holdline.upload.service.Links;
import dev.holdline.upload.service.ThumbnailUrls;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Images as their owners see them. Another user's image does not exist (404), so nothing leaks. */
@Path("/api/images")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    private static final int MAX_TITLE = 200;
    private static final int MAX_PAGE_SIZE = 100;

    private final ImageService images;
    private final UploadConfig config;
    private final JsonWebToken caller;
    private final UserRateLimiter uploads;
    private final ThumbnailUrls thumbnailUrls;

    public ImageResource(ImageService images, UploadConfig config, JsonWebToken caller, ThumbnailUrls thumbnailUrls) {
        this.uploads = new UserRateLimiter("uploads", config.uploadsPerMinute(), config.uploadsBurst(),
                config.limitedUsers());
        this.images = images;
        this.config = config;
        this.caller = caller;
        this.thumbnailUrls = thumbnailUrls;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload an image (multipart field 'image', optional 'title'); answers 202 with where to "
            + "wait for its thumbnails")
    public Response upload(@RestForm("image") FileUpload image, @RestForm("title")
            @Size(max = MAX_TITLE, message = "at most {max} characters") String title) throws IOException {
        String owner = caller.getSubject();
        if (!dev.holdline.events.Channels.isValidName(owner)) {
            throw ApiException.badRequest("sub", "the token's subject must match [A-Za-z0-9._-]{1,64}");
        }
        if (image == null || image.uploadedFile() == null) {
            throw ApiException.badRequest("image", "a multipart file field named 'image' is required");
        }
        if (image.size() > config.maxBytes()) {
            throw ApiException.tooLarge("image: " + image.size() + " bytes; the limit is " + config.maxBytes());
        }
        uploads.check(owner);
        byte[] head;
        try (InputStream in = Files.newInputStream(image.uploadedFile())) {
            head = in.readNBytes(ImageType.SNIFF_BYTES);
        }
        ImageType type = ImageType.sniff(head).orElseThrow(() -> ApiException.unsupportedType(
                "image: the content is not JPEG, PNG, GIF or WebP (judged by its bytes, not its name)"));
        byte[] bytes = Files.readAllBytes(image.uploadedFile());
        Image saved = images.upload(owner, title == null || title.isBlank() ? null : title.strip(), type, bytes);
        String statusUrl = config.gatewayUrl().map(base -> base.replaceAll("/+$", "")).orElse("")
                + Links.status(saved.id);
        return Response.accepted(new UploadAccepted(saved.id, saved.status.name(), statusUrl,
                Map.of("self", Links.image(saved.id), "original", Links.original(saved.id), "status", statusUrl)))
                .location(java.net.URI.create(Links.image(saved.id))).build();
    }

    @GET
    @Operation(summary = "Your images, newest first")
    public ImagePage list(@RestQuery("page") String page, @RestQuery("size") String size) {
        Params.PageRequest request = Params.page(page, size, 20, MAX_PAGE_SIZE);
        int p = request.page();
        int s = request.size();
        String owner = caller.getSubject();
        List<Image> found = images.pageOfOwner(owner, p, s);
        Map<Long, List<ThumbnailInfo>> thumbnails = images.thumbnailsOf(found.stream().map(i -> i.id).toList());
        return new ImagePage(found.stream().map(i -> view(i, thumbnails.getOrDefault(i.id, List.of())))
                .toList(), p, s, images.countOfOwner(owner));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete one of your images with its original and thumbnails (frees your quota)")
    public Response delete(@RestPath long id) {
        if (!images.delete(id, caller.getSubject(), caller.getGroups().contains(Roles.ADMIN))) {
            throw ApiException.notFound("image " + id);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Status, reason, sizes and links of one of your images")
    public ImageView get(@RestPath long id) {
        Image image = visible(id);
        return view(image, images.thumbnailsOf(List.of(id)).getOrDefault(id, List.of()));
    }

    @GET
    @Path("/{id}/original")
    @Produces({ "image/jpeg", "image/png", "image/gif", "image/webp", MediaType.APPLICATION_JSON })
    @Operation(summary = "The original bytes as uploaded")
    public Response original(@RestPath long id, Request request) {
        Image image = visible(id);
        EntityTag etag = new EntityTag("o-" + id);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cache()).build();
        }
        byte[] bytes = images.original(id).orElseThrow(() -> ApiException.notFound("image " + id));
        return Response.ok(bytes, image.contentType).tag(etag).cacheControl(cache()).build();
    }

    @GET
    @Path("/{id}/thumbnails/{size}")
    @PermitAll
    @Produces({ "image/jpeg", "image/png", MediaType.APPLICATION_JSON })
    @Operation(summary = "One thumbnail; immutable, with an ETag. With the bearer token of its owner, or through"
            + " the signed URL (expires, signature) that the image's view gives, for a plain <img>")
    public Response thumbnail(@RestPath long id, @RestPath int size, @RestQuery("expires") String expires,
            @RestQuery("signature") String signature, Request request) {
        CacheControl cache;
        if (signature != null || expires != null) {
            if (!thumbnailUrls.holds(id, size, expires, signature)) {
                throw ApiException.forbidden("signature: this thumbnail URL is not valid or has expired; read the"
                        + " image again for a fresh one");
            }
            cache = new CacheControl();
            cache.setPrivate(true);
            cache.setMaxAge((int) Math.min(Integer.MAX_VALUE, thumbnailUrls.secondsLeft(expires)));
        } else {
            if (caller.getSubject() == null) {
                throw new io.quarkus.security.UnauthorizedException();
            }
            visible(id);
            cache = cache();
        }
        StoredThumbnail thumbnail = images.thumbnail(id, size)
                .orElseThrow(() -> ApiException.notFound("thumbnail " + size + " of image " + id));
        EntityTag etag = new EntityTag(thumbnail.etag.replace("\"", ""));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cache).build();
        }
        return Response.ok(thumbnail.bytes, thumbnail.contentType).tag(etag).cacheControl(cache).build();
    }

    private Image visible(long id) {
        boolean privileged = caller.getGroups().contains(Roles.ADMIN);
        return images.findVisible(id, caller.getSubject(), privileged)
                .orElseThrow(() -> ApiException.notFound("image " + id));
    }

    /** Thumbnails and originals never change once stored; private because they are behind a token. */
    private static CacheControl cache() {
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setMaxAge(31_536_000);
        cache.getCacheExtension().put("immutable", null);
        return cache;
    }

    /** An image as its owner sees it, with signed links to its thumbnails, original and status call. */
    private ImageView view(Image image, List<ThumbnailInfo> thumbnails) {
        return new ImageView(image.id, image.title, image.status, image.reason, image.contentType,
                image.sizeBytes, image.width, image.height, image.createdAt, image.updatedAt,
                thumbnails.stream().map(t -> new Thumbnail(t.size(), t.width(), t.height(), t.contentType(),
                        thumbnailUrls.signed(image.id, t.size()))).toList(),
                Map.of("self", Links.image(image.id), "original", Links.original(image.id),
                        "status", Links.status(image.id)));
    }
}
