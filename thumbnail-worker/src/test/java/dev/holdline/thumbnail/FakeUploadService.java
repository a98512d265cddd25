package dev.holdline.thumbnail;

import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.Failure;
import dev.holdline.events.image.ImageWork.ImageState;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Request;
import dev.holdline.testing.LoopbackHttpServer.Response;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * upload-service's internal image API on a {@link LoopbackHttpServer}: holds images in memory, records what
 * the worker did, and checks that a service token is there. {@link #server()} can be told to be away.
 */
public class FakeUploadService implements QuarkusTestResourceLifecycleManager {

    private static final String IMAGE = "/internal/images/(\\d+)";
    private static volatile FakeUploadService current;

    public static final class StoredImage {
        public final byte[] original;
        public volatile ImageStatus status = ImageStatus.PENDING;
        public final List<Completion> completions = new CopyOnWriteArrayList<>();
        public final List<Failure> failures = new CopyOnWriteArrayList<>();

        StoredImage(byte[] original) {
            this.original = original;
        }
    }

    private final Map<Long, StoredImage> images = new ConcurrentHashMap<>();
    private LoopbackHttpServer server;

    public static FakeUploadService get() {
        return current;
    }

    public LoopbackHttpServer server() {
        return server;
    }

    public StoredImage put(long id, byte[] original) {
        StoredImage image = new StoredImage(original);
        images.put(id, image);
        return image;
    }

    @Override
    public Map<String, String> start() {
        server = LoopbackHttpServer.start()
                .route("GET", IMAGE + "/original", r -> withImage(r,
                        image -> Response.bytes(200, "application/octet-stream", image.original)))
                .route("POST", IMAGE + "/processing", r -> withImage(r, image -> {
                    if (image.status == ImageStatus.PENDING) {
                        image.status = ImageStatus.PROCESSING;
                    }
                    return state(r, image);
                }))
                .route("PUT", IMAGE + "/thumbnails", r -> withImage(r, image -> {
                    if (image.status != ImageStatus.COMPLETED) {
                        image.completions.add(r.json(Completion.class));
                        image.status = ImageStatus.COMPLETED;
                    }
                    return state(r, image);
                }))
                .route("POST", IMAGE + "/failure", r -> withImage(r, image -> {
                    image.failures.add(r.json(Failure.class));
                    image.status = ImageStatus.FAILED;
                    return state(r, image);
                }));
        current = this;
        return Map.of("quarkus.rest-client.upload-service.url", server.url());
    }

    private interface ImageHandler {
        Response handle(StoredImage image) throws Exception;
    }

    private Response withImage(Request request, ImageHandler handler) throws Exception {
        if (request.bearerSubject() == null) {
            return Response.error(401, "unauthorized", "a service token is required");
        }
        StoredImage image = images.get(Long.parseLong(request.group(1)));
        return image == null ? Response.error(404, "not_found", "image " + request.group(1)) : handler.handle(image);
    }

    private static Response state(Request request, StoredImage image) {
        return Response.json(200, new ImageState(Long.parseLong(request.group(1)), "alice", image.status,
                "image/jpeg", image.original.length));
    }

    @Override
    public void stop() {
        server.close();
    }
}
