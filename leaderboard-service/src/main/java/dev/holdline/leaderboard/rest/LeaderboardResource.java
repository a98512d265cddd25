package dev.holdline.leaderboard.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.holdline.events.Channels;
import dev.holdline.events.leaderboard.LeaderboardSnapshot;
import dev.holdline.events.leaderboard.RankedEntry;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.model.ResetPeriod;
import dev.holdline.leaderboard.model.ScoreOperator;
import dev.holdline.leaderboard.model.SortOrder;
import dev.holdline.leaderboard.service.BoardService;
import dev.holdline.leaderboard.service.DisplayNames;
import dev.holdline.leaderboard.service.Periods;
import dev.holdline.leaderboard.service.BoardSeed;
import dev.holdline.leaderboard.service.RankQueries;
import dev.holdline.leaderboard.service.ScoreModeration;
import dev.holdline.leaderboard.service.ScoreService;
import dev.holdline.leaderboard.service.SnapshotService;
import dev.holdline.leaderboard.service.UserLimits;
import dev.holdline.platform.identity.Roles;
import dev.holdline.platform.rest.ApiException;
import dev.holdline.platform.rest.JsonLimits;
import dev.holdline.platform.rest.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestQuery;

/** Boards and their scores (seed 001's {@code /score} and {@code /seed}, with Nakama-style boards). */
@Path("/api/leaderboards")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardResource {

    static final int MAX_METADATA = 1024;

    /** A board as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BoardView(String id, String sortOrder, String operator, String resetPeriod, boolean anonymousView,
            String currentPeriod) {
    }

    /** A new board; only {@code id} is required (descending, best, never resets, no anonymous view). */
    public record NewBoard(String id, String sortOrder, String operator, String resetPeriod, Boolean anonymousView) {
    }

    /**
     * A posted score; {@code player} only for admins posting for someone else. {@code name} is refused: a player's
     * name is theirs (their profile, {@code PUT /api/players/me}, or their token), never a score's.
     */
    public record ScorePost(@JsonDeserialize(using = JsonLimits.BoundedNumberNode.class) JsonNode score, JsonNode name,
            JsonNode metadata, String player) {
    }

    /** What a posted score did. */
    public record ScoreAnswer(String board, String period, String player, String name, double score, int rank,
            boolean improved) {
    }

    public record Page(String board, String period, List<RankedEntry> entries) {
    }

    public record AroundPlayer(String board, String period, RankedEntry player, List<RankedEntry> entries) {
    }

    private final BoardService boards;
    private final ScoreService scores;
    private final RankQueries queries;
    private final ScoreModeration moderation;
    private final BoardSeed seeds;
    private final SnapshotService snapshots;
    private final UserLimits limits;
    private final JsonWebToken caller;
    private final Clock clock;

    public LeaderboardResource(BoardService boards, ScoreService scores, RankQueries queries,
            ScoreModeration moderation, BoardSeed seeds, SnapshotService snapshots, UserLimits limits,
            JsonWebToken caller, Clock clock) {
        this.boards = boards;
        this.scores = scores;
        this.queries = queries;
        this.moderation = moderation;
        this.seeds = seeds;
        this.snapshots = snapshots;
        this.limits = limits;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Every board")
    public List<BoardView> list() {
        return boards.list().stream().map(this::view).toList();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a board (admin)")
    public Response create(@NotNull(message = "a JSON object with at least an id is expected") NewBoard body) {
        Board board = boards.create(body.id(),
                choice("sortOrder", body.sortOrder(), SortOrder.class, SortOrder.DESC),
                choice("operator", body.operator(), ScoreOperator.class, ScoreOperator.BEST),
                choice("resetPeriod", body.resetPeriod(), ResetPeriod.class, null),
                Boolean.TRUE.equals(body.anonymousView()));
        return Response.created(URI.create("/api/leaderboards/" + board.id)).entity(view(board)).build();
    }

    @DELETE
    @Path("/{board}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a board and its scores (admin); global stays")
    public Response delete(@RestPath String board) {
        boards.delete(board);
        return Response.noContent().build();
    }

    @GET
    @Path("/{board}")
    @Operation(summary = "Entries in rank order: limit 1..100 (10) after rank 'after' (0); period YYYY-MM-DD for a past one")
    public Page top(@RestPath String board, @RestQuery String limit, @RestQuery String after,
            @RestQuery String period) {
        Board b = boards.get(board);
        String p = Periods.requested(b, period, clock.instant());
        return new Page(b.id, p, queries.top(b, p, Params.intParam("after", after, 0, 0, Integer.MAX_VALUE - 101),
                Params.intParam("limit", limit, 10, 1, 100)));
    }

    @GET
    @Path("/{board}/players/{player}")
    @Operation(summary = "A player's entry and up to 'around' (0..50, 0) entries above and below it")
    public AroundPlayer player(@RestPath String board, @RestPath String player, @RestQuery String around,
            @RestQuery String period) {
        Board b = boards.get(board);
        String p = Periods.requested(b, period, clock.instant());
        List<RankedEntry> entries = queries.around(b, p, player, Params.intParam("around", around, 0, 0, 50));
        RankedEntry self = entries.stream().filter(e -> e.player().equals(player)).findFirst().orElseThrow();
        return new AroundPlayer(b.id, p, self, entries);
    }

    @DELETE
    @Path("/{board}/players/{player}")
    @Operation(summary = "Delete a player's entry (your own; admins: anyone's, to moderate); 'period' for a past one")
    public Response removePlayer(@RestPath String board, @RestPath String player, @RestQuery String period) {
        if (!player.equals(caller.getSubject()) && !caller.getGroups().contains(Roles.ADMIN)) {
            throw ApiException.forbidden("only admins delete another player's score");
        }
        Board b = boards.get(board);
        moderation.remove(b, Periods.requested(b, period, clock.instant()), player);
        return Response.noContent().build();
    }

    @GET
    @Path("/{board}/snapshot")
    @Operation(summary = "The latest pushed top of the board, with its version (what the WebSocket sends)")
    public LeaderboardSnapshot snapshot(@RestPath String board) {
        return snapshots.current(boards.get(board));
    }

    @POST
    @Path("/{board}/scores")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post a score for yourself (admins: for any 'player'); answers the entry and its rank, named"
            + " from the player's profile (a 'name' is refused);"
            + " an Idempotency-Key makes a retry answer the first call instead of applying the score again")
    // on the event loop: the answer waits for the group commit (ScoreWriter) without holding a worker thread
    public Uni<RestResponse<ScoreAnswer>> submit(@RestPath String board, ScorePost body,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        if (!Channels.isValidName(board)) {
            throw ApiException.notFound("board " + board);
        }
        if (body == null || body.score() == null || body.score().isNull()) {
            throw ApiException.badRequest("score", "a number is required");
        }
        if (!body.score().isNumber()) {
            throw ApiException.badRequest("score", "a number is expected, got " + body.score().getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        String player = caller.getSubject();
        if (body.player() != null && !body.player().equals(player)) {
            if (!caller.getGroups().contains(Roles.ADMIN)) {
                throw ApiException.forbidden("only admins post scores for another player");
            }
            player = body.player();
        }
        if (!Channels.isValidName(player)) {
            throw ApiException.badRequest("player", "1 to 64 of A-Z a-z 0-9 . _ - is expected");
        }
        if (body.name() != null) {
            throw ApiException.badRequest("name", "a player's name is theirs, not a score's: set it with PUT"
                    + " /api/players/me");
        }
        // a new entry is named from the player's profile, else this (the caller's own token only), else the id
        String name = player.equals(caller.getSubject()) ? DisplayNames.ifValid(TokenNames.of(caller)).orElse(null)
                : null;
        String metadata = null;
        if (body.metadata() != null && !body.metadata().isNull()) {
            if (!body.metadata().isObject()) {
                throw ApiException.badRequest("metadata", "a JSON object is expected");
            }
            metadata = body.metadata().toString();
            if (metadata.length() > MAX_METADATA) {
                throw ApiException.badRequest("metadata", "at most " + MAX_METADATA + " characters of JSON");
            }
        }
        limits.score(caller.getSubject());
        String scorer = player;
        String meta = metadata;
        double value = body.score().doubleValue();
        // a failure of the stage arrives unwrapped (Mutiny takes the cause out of a CompletionException)
        return Uni.createFrom().completionStage(() -> scores.submit(board, scorer, name, value, meta, idempotencyKey))
                .map(ranked -> {
                    ScoreAnswer answer = new ScoreAnswer(ranked.board(), ranked.period(), ranked.entry().player(),
                            ranked.entry().name(), ranked.entry().score(), ranked.entry().rank(), ranked.improved());
                    RestResponse.ResponseBuilder<ScoreAnswer> ok = RestResponse.ResponseBuilder.ok(answer);
                    return (ranked.replayed() ? ok.header("Idempotent-Replayed", "true") : ok).build();
                });
    }

    @POST
    @Path("/{board}/seed")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Reset the board's current period and seed Player 1..10 with 100 down to 10 (admin, demos)")
    public Page seed(@RestPath String board) {
        Board b = boards.get(board);
        seeds.seed(b);
        String period = Periods.current(b, clock.instant());
        return new Page(b.id, period, queries.top(b, period, 0, 10));
    }

    private BoardView view(Board board) {
        return new BoardView(board.id, lower(board.sortOrder), lower(board.operator), lower(board.resetPeriod),
                board.anonymousView, Periods.current(board, clock.instant()));
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E choice(String field, String value, Class<E> type, E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E option : type.getEnumConstants()) {
            if (option.name().equalsIgnoreCase(value)) {
                return option;
            }
        }
        throw ApiException.badRequest(field, "one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(LeaderboardResource::lower).toList() + " is expected, got '" + value + "'");
    }
}
