package dev.holdline.gateway.service;

import dev.holdline.events.presence.OfflineRelay;
import dev.holdline.events.presence.PresenceChange;
import dev.holdline.events.presence.PresenceClaim;
import dev.holdline.events.presence.PresenceMessage;
import dev.holdline.events.presence.UserPresence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who says that a user came online or left, across replicas: the claim protocol, as plain code. Each method
 * takes the time and answers what this replica says ({@link Announcement}s); the caller publishes them.
 *
 * <p>A user is online while polling, and for a grace period after the last poll ended (the gap between two polls
 * of a loop). Going online or offline is announced as a {@link PresenceChange} to each room the user polls. With no
 * sticky sessions a user's polls may land on any replica, so the stream decides who speaks: every replica reads
 * every {@code presence.changed} and remembers for each user the last word and which replica said it
 * ({@link LastWords}). A replica that starts serving a user who is already online does not announce it again but
 * <em>claims</em> the user ({@link PresenceClaim}: replicas read it, clients never see it). When a replica's grace
 * runs out it announces the user offline only if the last word is its own; otherwise the user is still online
 * elsewhere and it forgets them silently. A replica that keeps serving a user whom another replica claimed claims
 * them back, at most once per half grace period, so that the last replica to see the user is the one to say they
 * left. An offline said without rooms ({@link OfflineRelay}) is told to the rooms by the replicas that hold the
 * user. Users left online by a replica that went away are {@link GoneReplicaCleanup}'s.
 */
final class PresenceClaims {

    private final String self;
    private final long graceMillis;
    private final LocalPresence here;
    private final LastWords words;

    /** {@code self} is this replica's id, as it signs what it says. */
    PresenceClaims(String self, Duration grace, LocalPresence here, LastWords words) {
        this.self = self;
        this.graceMillis = grace.toMillis();
        this.here = here;
        this.words = words;
    }

    /** A poll by {@code user} on {@code channels} begins: the user's {@code room:} channels hear they are online. */
    List<Announcement> pollStarted(String user, List<String> channels, long nowMillis) {
        List<String> rooms = channels.stream().filter(c -> c.startsWith("room:")).toList();
        LocalPresence.Started started = here.pollStarted(user, rooms, nowMillis);
        if (started.cameOnline() && onlineElsewhere(words.get(user))) {
            return announce(user, true, List.of(), nowMillis); // a claim
        }
        return started.rooms().isEmpty() ? List.of() : announce(user, true, started.rooms(), nowMillis);
    }

    void pollEnded(String user, long nowMillis) {
        here.pollEnded(user, nowMillis);
    }

    /** The user says goodbye: offline at once, to their rooms here, else relayed to the replicas that hold them. */
    List<Announcement> disconnect(String user, long nowMillis) {
        List<String> rooms = here.remove(user).orElse(null);
        LastWords.Word word = words.get(user);
        if (rooms != null && !rooms.isEmpty()) {
            return announce(user, false, rooms, nowMillis);
        }
        if (rooms != null || word != null && word.online()) {
            return announce(user, false, List.of(), nowMillis); // the replicas that hold the user's polls tell their rooms
        }
        return List.of();
    }

    /**
     * {@code message}, read from the stream with its channels {@code rooms}, said at {@code atMillis}; this
     * replica's own words come back this way too.
     */
    List<Announcement> observed(PresenceMessage message, List<String> rooms, long atMillis, long nowMillis) {
        if (!(message instanceof UserPresence word)) {
            return List.of(); // a heartbeat: ReplicaLiveness's
        }
        words.remember(word.user(), word.online(), word.replica(), atMillis, rooms);
        if (word.online() || self.equals(word.replica())) {
            return List.of();
        }
        // gone, said elsewhere: a later poll here is a return. A relayed offline comes without rooms: this
        // replica, if it knows the user, tells the rooms
        List<String> known = here.remove(word.user()).orElse(List.of());
        return word instanceof OfflineRelay && !known.isEmpty() ? announce(word.user(), false, known, nowMillis)
                : List.of();
    }

    /**
     * Claims back the users this replica still serves whom another replica claimed half a grace period ago or
     * longer, and says offline for those whose grace has run out here, if the last word on them is its own.
     */
    List<Announcement> tick(long nowMillis) {
        List<Announcement> said = new ArrayList<>();
        long cutoff = nowMillis - graceMillis;
        for (String user : here.users()) {
            LastWords.Word word = words.get(user);
            if (here.polling(user) && onlineElsewhere(word) && nowMillis - word.atMillis() > graceMillis / 2) {
                // still serving a user whom another replica claimed since: claim them back before that replica's
                // grace runs out, so that it does not announce them gone
                said.addAll(announce(user, true, List.of(), nowMillis));
                continue;
            }
            here.removeIfIdleSince(user, cutoff).ifPresent(rooms -> {
                if ((word == null || self.equals(word.replica())) && !rooms.isEmpty()) {
                    said.addAll(announce(user, false, rooms, nowMillis));
                } // else another replica claimed the user later: still online there, and it will say when not
            });
        }
        return said;
    }

    /** Says {@code user} offline in {@code rooms} (none: to the replicas), for a gone replica. */
    List<Announcement> offlineFor(String user, List<String> rooms, long nowMillis) {
        return announce(user, false, rooms, nowMillis);
    }

    /** Forgets what was said before {@code beforeMillis} of users not online here. */
    void forgetBefore(long beforeMillis) {
        words.forgetBefore(beforeMillis, here::contains);
    }

    /** Whether {@code word} says the user is online on another replica. */
    private boolean onlineElsewhere(LastWords.Word word) {
        return word != null && word.online() && !self.equals(word.replica());
    }

    /**
     * One event per room, so that what a room's members receive names that room only, never the other rooms the
     * user is in; one for the replicas only (a claim, or an offline relayed to the replicas that hold the user)
     * when {@code rooms} is empty. Remembered as the last word at once, until the stream brings it back.
     */
    private List<Announcement> announce(String user, boolean online, List<String> rooms, long nowMillis) {
        words.remember(user, online, self, nowMillis, rooms);
        if (rooms.isEmpty()) {
            PresenceMessage toReplicas = online ? new PresenceClaim(user, self) : new OfflineRelay(user, self);
            return List.of(new Announcement(toReplicas, List.of()));
        }
        return rooms.stream().map(room -> new Announcement(new PresenceChange(user, online, self), List.of(room)))
                .toList();
    }
}
