package dev.holdline.leaderboard.rest;

import dev.holdline.leaderboard.service.PlayerService;
import dev.holdline.platform.identity.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** Players' names: the one shown on every board, set by the player or, to moderate, by an admin. */
@Path("/api/players")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PlayerResource {

    private static final String PROFILE = "\\{displayName\\} is expected";

    public record Profile(String displayName) {
    }

    /** A player's name; {@code chosen}: set by the player or an admin (else from the token, or the id). */
    public record PlayerView(String player, String displayName, boolean chosen) {
    }

    private final PlayerService players;
    private final JsonWebToken caller;

    public PlayerResource(PlayerService players, JsonWebToken caller) {
        this.players = players;
        this.caller = caller;
    }

    @GET
    @Path("/me")
    @Operation(summary = "Your name as boards show it")
    public PlayerView me() {
        PlayerService.Name name = players.nameOf(caller.getSubject(), TokenNames.of(caller));
        return new PlayerView(caller.getSubject(), name.displayName(), name.chosen());
    }

    @PUT
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set your name: every board you are on shows it")
    public PlayerView rename(@NotNull(message = PROFILE) Profile body) {
        String player = caller.getSubject();
        return new PlayerView(player, players.renameOwn(player, body.displayName()), true);
    }

    @PUT
    @Path("/{player}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a player (admin, to moderate): every board they are on shows it")
    public PlayerView renameOther(@RestPath String player, @NotNull(message = PROFILE) Profile body) {
        PlayerService.checkPlayer(player);
        return new PlayerView(player, players.renameByAdmin(player, body.displayName(), caller.getSubject()), true);
    }
}
