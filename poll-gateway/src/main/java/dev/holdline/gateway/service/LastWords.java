package dev.holdline.gateway.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The last word on each user, as every replica said it on the stream (or as this replica just said it, until the
 * stream brings it back): online or offline, which replica said it and when, and the rooms the user was announced
 * in. Who is online in a room is read from here.
 */
final class LastWords {

    /** One user's last word; {@code atMillis} is the event's own time. */
    record Word(boolean online, String replica, long atMillis, List<String> rooms) {
    }

    private final Map<String, Word> words = new ConcurrentHashMap<>();

    /** The last word on {@code user}; null if none is known. */
    Word get(String user) {
        return words.get(user);
    }

    /**
     * The new last word on {@code user}. An "online" adds its rooms to those the user is already online in, and a
     * word without rooms (a claim, a relayed offline) keeps them: whoever says offline for the user then reaches
     * every room.
     */
    void remember(String user, boolean online, String replica, long atMillis, List<String> rooms) {
        words.compute(user, (u, before) -> {
            List<String> known = rooms;
            if (before != null && before.online() && online) {
                Set<String> all = new LinkedHashSet<>(before.rooms());
                all.addAll(rooms);
                known = List.copyOf(all);
            } else if (before != null && rooms.isEmpty()) {
                known = before.rooms();
            }
            return new Word(online, replica, atMillis, List.copyOf(known));
        });
    }

    /**
     * The users whose last word is "online" with {@code room} ({@code room:<name>}), sorted, at most {@code max}.
     */
    List<String> onlineIn(String room, int max) {
        return words.entrySet().stream()
                .filter(e -> e.getValue().online() && e.getValue().rooms().contains(room))
                .map(Map.Entry::getKey).sorted().limit(max).toList();
    }

    /** Every user's last word; {@code action} may {@link #remember} meanwhile. */
    void forEach(BiConsumer<String, Word> action) {
        words.forEach(action);
    }

    /** Forgets the words said before {@code beforeMillis}, but those on users {@code kept}. */
    void forgetBefore(long beforeMillis, Predicate<String> kept) {
        words.entrySet().removeIf(w -> w.getValue().atMillis() < beforeMillis && !kept.test(w.getKey()));
    }
}
