package dev.holdline.gateway.rest;

import dev.holdline.gateway.config.GatewayConfig;
import dev.holdline.gateway.messaging.StreamCatchUp;
import dev.holdline.gateway.service.ChannelAuthorizer;
import dev.holdline.gateway.service.Cursors;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.PollService;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.gateway.service.PollService.PollResult;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import dev.holdline.platform.rest.Params;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/poll")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PollResource {

    private static final int MAX_LIMIT = 500;

    private final PollService polls;
    private final ChannelAuthorizer authorizer;
    private final GatewayConfig config;
    private final EventHub hub;
    private final StreamCatchUp catchUp;
    private final PresenceService presence;
    private final JsonWebToken token;

    public PollResource(PollService polls, ChannelAuthorizer authorizer, GatewayConfig config, EventHub hub,
            StreamCatchUp catchUp, PresenceService presence, JsonWebToken token) {
        this.polls = polls;
        this.authorizer = authorizer;
        this.config = config;
        this.hub = hub;
        this.catchUp = catchUp;
        this.presence = presence;
        this.token = token;
    }

    @GET
    @Operation(summary = "Events after cursor on the channels; waits up to timeout seconds when there are none")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PollResult.class)))
    public Uni<Response> poll(@RestQuery("channel") List<String> channels, @RestQuery String cursor,
            @RestQuery String timeout, @RestQuery String limit, @RestHeader("Last-Event-ID") String lastEventId,
            @Context HttpServerRequest request) {
        return run(channels, cursor != null ? cursor : lastEventId, timeout, limit, request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same as GET, with a JSON body; also takes the seed's {topics, since}")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PollResult.class)))
    public Uni<Response> pollWithBody(PollRequest body, @RestHeader("Last-Event-ID") String lastEventId,
            @Context HttpServerRequest request) {
        if (body == null) {
            throw ApiException.badRequest("channels", "a JSON body with channels is required");
        }
        List<String> channels = new ArrayList<>();
        if (body.channels() != null) {
            channels.addAll(body.channels());
        }
        if (body.topics() != null) {
            channels.addAll(body.topics());
        }
        String cursor = body.cursor();
        if (cursor == null && body.since() != null && !body.since().isEmpty()) {
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<String, String> since : body.since().entrySet()) {
                oldest = Math.min(oldest, Cursors.parse(since.getValue(), "since." + since.getKey()));
            }
            cursor = Cursors.format(oldest);
        }
        return run(channels, cursor != null ? cursor : lastEventId, body.timeout(), body.limit(), request);
    }

    @POST
    @Path("/disconnect")
    @Operation(summary = "Mark yourself offline at once (presence.changed to your rooms)")
    public Map<String, Object> disconnect() {
        presence.disconnect(token.getSubject());
        return Map.of("status", "disconnected", "user", token.getSubject());
    }

    @GET
    @Path("/stats")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Parked polls, channels, waiters per channel, buffered events and bytes, stream offset")
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>(hub.stats());
        stats.put("parkedPolls", polls.parkedCount());
        stats.put("caughtUp", catchUp.caughtUp());
        return stats;
    }

    private Uni<Response> run(List<String> requested, String cursor, Object timeout, Object limit,
            HttpServerRequest request) {
        List<String> channels = requested == null ? List.of() : List.copyOf(new LinkedHashSet<>(requested));
        if (channels.isEmpty()) {
            throw ApiException.badRequest("channel", "name at least one channel to poll");
        }
        if (channels.size() > config.poll().maxChannels()) {
            throw ApiException.badRequest("channel", "at most " + config.poll().maxChannels() + " channels");
        }
        int seconds = Params.intParam("timeout", timeout, config.poll().defaultTimeout(), 1,
                config.poll().maxTimeout());
        int max = Params.intParam("limit", limit, config.poll().defaultLimit(), 1, MAX_LIMIT);
        Long after = cursor == null || cursor.isBlank() ? null : Cursors.parse(cursor, "cursor");
        ChannelAuthorizer.Caller caller = Callers.of(token);
        return authorizer.authorize(caller, channels)
                .invoke(() -> presence.pollStarted(caller.user(), channels))
                .chain(() -> polls.poll(caller.user(), channels, after, seconds, max,
                        gone -> request.response().closeHandler(v -> gone.run()))
                        .onTermination().invoke(() -> presence.pollEnded(caller.user())))
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build());
    }
}
