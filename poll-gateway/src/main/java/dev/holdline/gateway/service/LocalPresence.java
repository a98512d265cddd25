package dev.holdline.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The users polling this replica: for each, how many of their polls it holds now, when their last poll began or
 * ended, and the rooms they are announced in from here (at most {@code maxRooms}). State only: what is said about
 * them is {@link PresenceClaims}' to decide.
 */
final class LocalPresence {

    private static final class Presence {
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        int activePolls;
        long lastSeenMillis;

        Presence(long now) {
            this.lastSeenMillis = now;
        }
    }

    /**
     * What a poll's start changed: whether the user came online here, and the rooms to announce them in: none if
     * the poll brought no room new to them, else all their rooms if they came online, else the new ones.
     */
    record Started(boolean cameOnline, List<String> rooms) {
    }

    private final Map<String, Presence> online = new ConcurrentHashMap<>();
    private final int maxRooms;

    LocalPresence(int maxRooms) {
        this.maxRooms = maxRooms;
    }

    /** A poll by {@code user} on {@code rooms} begins. */
    Started pollStarted(String user, List<String> rooms, long nowMillis) {
        boolean[] cameOnline = { false };
        Presence presence = online.compute(user, (u, p) -> {
            Presence now = p == null ? new Presence(nowMillis) : p;
            cameOnline[0] = p == null;
            now.activePolls++;
            now.lastSeenMillis = nowMillis;
            return now;
        });
        List<String> newRooms = new ArrayList<>();
        for (String room : rooms) {
            if (presence.rooms.size() >= maxRooms && !presence.rooms.contains(room)) {
                break; // announced in as many rooms as a user may be: not in more
            }
            if (presence.rooms.add(room)) {
                newRooms.add(room);
            }
        }
        return new Started(cameOnline[0],
                newRooms.isEmpty() ? List.of() : cameOnline[0] ? List.copyOf(presence.rooms) : newRooms);
    }

    void pollEnded(String user, long nowMillis) {
        online.computeIfPresent(user, (u, p) -> {
            p.activePolls = Math.max(0, p.activePolls - 1);
            p.lastSeenMillis = nowMillis;
            return p;
        });
    }

    boolean contains(String user) {
        return online.containsKey(user);
    }

    /** Whether a poll of {@code user}'s is held here now. */
    boolean polling(String user) {
        Presence presence = online.get(user);
        return presence != null && presence.activePolls > 0;
    }

    /** The users online here. */
    Set<String> users() {
        return online.keySet();
    }

    /** Forgets {@code user}; the rooms they were announced in from here, or empty if they were not online here. */
    Optional<List<String>> remove(String user) {
        Presence presence = online.remove(user);
        return presence == null ? Optional.empty() : Optional.of(List.copyOf(presence.rooms));
    }

    /**
     * Forgets {@code user} if none of their polls is held here and the last one ended before {@code cutoffMillis};
     * the rooms they were announced in from here then, else empty.
     */
    Optional<List<String>> removeIfIdleSince(String user, long cutoffMillis) {
        AtomicReference<List<String>> removed = new AtomicReference<>();
        online.computeIfPresent(user, (u, p) -> {
            if (p.activePolls == 0 && p.lastSeenMillis < cutoffMillis) {
                removed.set(List.copyOf(p.rooms));
                return null;
            }
            return p;
        });
        return Optional.ofNullable(removed.get());
    }
}
