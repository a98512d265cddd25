package dev.holdline.leaderboard.rest;

import dev.holdline.leaderboard.service.TicketService;
import dev.holdline.leaderboard.service.UserLimits;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Trades a bearer token for a WebSocket ticket: {@code /ws/leaderboards/{board}?ticket=...}. */
@Path("/api/ws-tickets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TicketResource {

    private final TicketService tickets;
    private final UserLimits limits;
    private final JsonWebToken caller;

    public TicketResource(TicketService tickets, UserLimits limits, JsonWebToken caller) {
        this.tickets = tickets;
        this.limits = limits;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "A single-use ticket for opening a WebSocket on any replica, good for about 30 s")
    public Response issue() {
        limits.ticket(caller.getSubject());
        return Response.status(201).entity(tickets.issue(caller.getSubject())).build();
    }
}
