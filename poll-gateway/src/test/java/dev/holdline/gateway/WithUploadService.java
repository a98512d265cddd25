package dev.holdline.gateway;

import dev.holdline.events.image.ImageStatus;
import dev.holdline.events.image.ImageView;
import dev.holdline.events.image.Thumbnail;
import dev.holdline.testing.LoopbackHttpServer;
import dev.holdline.testing.LoopbackHttpServer.Response;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gateway with a stand-in for upload-service's {@code GET /api/images/{id}} on a {@link LoopbackHttpServer}:
 * images the gateway has seen no events for. Like the real one, it answers the image to its owner (the token's
 * {@code sub}) and 404 to anyone else; image {@link #BROKEN} answers 500.
 */
public class WithUploadService implements QuarkusTestProfile {

    static final long COMPLETED = 9_100_000_001L;
    static final long PROCESSING = 9_100_000_002L;
    static final long BROKEN = 9_100_000_003L;
    /** PROCESSING until {@link #finishUnheard()}, COMPLETED after: it finishes without the gateway hearing of it. */
    static final long FINISHED_UNHEARD = 9_100_000_004L;
    private static final java.util.concurrent.atomic.AtomicBoolean UNHEARD_DONE =
            new java.util.concurrent.atomic.AtomicBoolean();

    static void finishUnheard() {
        UNHEARD_DONE.set(true);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.presence.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUploadService.class));
    }

    /** How many times the gateway asked upload-service so far. */
    static int calls() {
        return FakeUploadService.server.received().size();
    }

    public static class FakeUploadService implements QuarkusTestResourceLifecycleManager {

        static volatile LoopbackHttpServer server;

        @Override
        public Map<String, String> start() {
            server = LoopbackHttpServer.start().route("GET", "/api/images/(\\d+)", request -> {
                long id = Long.parseLong(request.group(1));
                if (id == BROKEN) {
                    return Response.error(500, "internal_error", "broken on purpose");
                }
                boolean finishedUnheard = id == FINISHED_UNHEARD && UNHEARD_DONE.get();
                if ((id == COMPLETED || id == PROCESSING || id == FINISHED_UNHEARD)
                        && "alice".equals(request.bearerSubject())) {
                    Instant now = Instant.now();
                    return Response.json(200, id == COMPLETED || finishedUnheard
                            ? new ImageView(id, null, ImageStatus.COMPLETED, null, "image/jpeg", 1000, 4000, 3000, now,
                                    now, List.of(new Thumbnail(128, 128, 96, "image/jpeg",
                                            "/api/images/" + id + "/thumbnails/128")), Map.of())
                            : new ImageView(id, null, ImageStatus.PROCESSING, null, "image/jpeg", 1000, null, null,
                                    now, now, List.of(), Map.of()));
                }
                return Response.error(404, "not_found", "image not found");
            });
            return Map.of("quarkus.rest-client.upload-service.url", server.url());
        }

        @Override
        public void stop() {
            server.close();
        }
    }
}
