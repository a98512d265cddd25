package dev.holdline.gateway.rest;

import dev.holdline.gateway.messaging.StreamCatchUp;
import dev.holdline.gateway.service.EventHub;
import dev.holdline.gateway.service.PollService;
import dev.holdline.gateway.service.PresenceService;
import dev.holdline.platform.identity.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The poll calls other than the poll itself, which is {@link PollRoute}. */
@Path(PollRoute.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PollResource {

    private final PollService polls;
    private final EventHub hub;
    private final StreamCatchUp catchUp;
    private final PresenceService presence;
    private final JsonWebToken token;

    public PollResource(PollService polls, EventHub hub, StreamCatchUp catchUp, PresenceService presence,
            JsonWebToken token) {
        this.polls = polls;
        this.hub = hub;
        this.catchUp = catchUp;
        this.presence = presence;
        this.token = token;
    }

    @POST
    @Path("/disconnect")
    @Operation(summary = "Mark yourself offline at once (presence.changed to your rooms)")
    public Map<String, Object> disconnect() {
        presence.disconnect(token.getSubject());
        return Map.of("status", "disconnected", "user", token.getSubject());
    }

    /** Where "now" is, for a client that reads state (a snapshot) and then polls: {@code {cursor}}. */
    public record Now(String cursor) {
    }

    @GET
    @Path("/cursor")
    @Operation(summary = "A cursor for now: read your state after asking, then poll from it and miss nothing")
    public Now cursor() {
        return new Now(polls.resumeCursor());
    }

    @GET
    @Path("/stats")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Parked polls, channels, waiters per channel, buffered events and bytes, stream offset;"
            + " with ?user=, also the polls that user has parked")
    public Map<String, Object> stats(@QueryParam("user") String user) {
        Map<String, Object> stats = new LinkedHashMap<>(hub.stats());
        stats.put("parkedPolls", polls.parkedCount());
        if (user != null && !user.isBlank()) {
            stats.put("parkedPollsOfUser", polls.parkedCount(user));
        }
        stats.put("caughtUp", catchUp.caughtUp());
        return stats;
    }
}
