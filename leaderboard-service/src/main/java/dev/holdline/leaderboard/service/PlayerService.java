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
 * once, the others' as they read the event. A player renaming themselves spends their rename allowance
 * ({@link UserLimits#rename}); an admin does not. Setting the name a player already has changes nothing.
 */
@ApplicationScoped
public class PlayerService {

    private final PlayerProfileRepository profiles;
    private final ScoreRepository scores;
    private final BoardService boards;
    private final ReplicaUpdates replicas;
    private final OutboxService outbox;
    private final EventFactory events;
    private final UserLimits limits;
    private final Clock clock;

    public PlayerService(PlayerProfileRepository profiles, ScoreRepository scores, BoardService boards,
            ReplicaUpdates replicas, OutboxService outbox, EventFactory events, UserLimits limits, Clock clock) {
        this.profiles = profiles;
        this.scores = scores;
        this.boards = boards;
        this.replicas = replicas;
        this.outbox = outbox;
        this.events = events;
        this.limits = limits;
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
     * The player sets their own name; answers it as stored. A 400 naming {@code displayName} if it breaks the
     * rules ({@link DisplayNames}); the name they already have: nothing written, nothing announced, no allowance
     * spent; else a 429 past their rename allowance.
     */
    public String renameOwn(String player, String displayName) {
        String name = DisplayNames.check("displayName", displayName);
        if (!hasChosen(player, name)) {
            limits.rename(player);
            write(player, name, player);
        }
        return name;
    }

    /** An admin ({@code admin}) renames a player, with no allowance; otherwise as {@link #renameOwn}. */
    public String renameByAdmin(String player, String displayName, String admin) {
        String name = DisplayNames.check("displayName", displayName);
        if (!hasChosen(player, name)) {
            write(player, name, admin);
        }
        return name;
    }

    private boolean hasChosen(String player, String name) {
        return QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(profiles.findById(player)))
                .filter(profile -> profile.displayName.equals(name)).isPresent();
    }

    private void write(String player, String name, String by) {
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
        replicas.renamed(renamed);
    }

    /** Checks a player id named in a path: a 404 for one that cannot exist. */
    public static void checkPlayer(String player) {
        if (!Channels.isValidName(player)) {
            throw ApiException.notFound("player " + player);
        }
    }
}
