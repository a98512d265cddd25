package dev.holdline.leaderboard.service;

import dev.holdline.events.Channels;
import dev.holdline.events.EventTypes;
import dev.holdline.events.leaderboard.PlayerRenamed;
import dev.holdline.leaderboard.model.Board;
import dev.holdline.leaderboard.repository.PlayerProfileRepository;
import dev.holdline.leaderboard.repository.ScoreRepository;
import dev.holdline.outbox.OutboxService;
import dev.holdline.platform.events.EventFactory;
import dev.holdline.platform.rest.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Players' names. A name is the player's own: the one they set (or an admin gave them), else their token's name
 * claim, else their id; never a score's. A rename rewrites the name of every entry of the player and announces
 * the entries of current periods ({@code player.renamed}) in the same transaction; this replica's ranks take it at
 * once, the others' as they read the event.
 */
@ApplicationScoped
public class PlayerService {

    private final PlayerProfileRepository profiles;
    private final ScoreRepository scores;
    private final BoardService boards;
    private final ScoreService scoreService;
    private final OutboxService outbox;
    private final EventFactory events;
    private final Clock clock;

    public PlayerService(PlayerProfileRepository profiles, ScoreRepository scores, BoardService boards,
            ScoreService scoreService, OutboxService outbox, EventFactory events, Clock clock) {
        this.profiles = profiles;
        this.scores = scores;
        this.boards = boards;
        this.scoreService = scoreService;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** A player's name; {@code chosen}: the player set it, or an admin gave it. */
    public record Name(String displayName, boolean chosen) {
    }

    /** The name a new entry of the player gets: theirs, else {@code claimed} (from their token, if valid), else the id. */
    public Name nameOf(String player, String claimed) {
        return QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(profiles.findById(player)))
                .map(profile -> new Name(profile.displayName, true))
                .orElseGet(() -> new Name(DisplayNames.ifValid(claimed).orElse(player), false));
    }

    /**
     * Sets the player's name ({@code by}: the player, or the admin renaming them); answers it as stored. A 400
     * naming {@code displayName} if it breaks the rules ({@link DisplayNames}).
     */
    public String rename(String player, String displayName, String by) {
        String name = DisplayNames.check("displayName", displayName);
        PlayerRenamed renamed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            profiles.save(player, name, by, now);
            List<ScoreRepository.Renamed> entries = scores.rename(player, name);
            Map<String, String> current = boards.list().stream()
                    .collect(Collectors.toMap(b -> b.id, (Board b) -> Periods.current(b, now)));
            PlayerRenamed event = new PlayerRenamed(player, name, entries.stream()
                    .filter(e -> e.period().equals(current.get(e.board())))
                    .map(e -> new PlayerRenamed.Entry(e.board(), e.period(), e.entry().score(), e.entry().reachedAt(),
                            e.entry().seq(), e.entry().revision())).toList());
            outbox.enqueue(events.create(EventTypes.PLAYER_RENAMED, "players/" + player, List.of(), event));
            return event;
        });
        scoreService.renamed(renamed);
        return name;
    }

    /** Checks a player id named in a path: a 404 for one that cannot exist. */
    public static void checkPlayer(String player) {
        if (!Channels.isValidName(player)) {
            throw ApiException.notFound("player " + player);
        }
    }
}
