package dev.holdline.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Long-poll channel names: {@code user:<id>}, {@code room:<name>}, {@code image:<id>},
 * {@code leaderboard:<board>}, {@code role:<role>} (the holders of a role, such as the admins) and
 * {@code broadcast}; names match {@code [A-Za-z0-9._-]{1,64}}.
 * An event names its channels in the {@code channels} extension, space-separated.
 */
public final class Channels {

    public static final String USER = "user";
    public static final String ROOM = "room";
    public static final String IMAGE = "image";
    public static final String LEADERBOARD = "leaderboard";
    /** The holders of a role ({@code role:admin}): the gateway authorizes it by the token's groups, not by name. */
    public static final String ROLE = "role";
    public static final String BROADCAST = "broadcast";

    private static final List<String> KINDS = List.of(USER, ROOM, IMAGE, LEADERBOARD, ROLE);

    public static String user(String id) {
        return of(USER, id);
    }

    public static String room(String name) {
        return of(ROOM, name);
    }

    public static String image(long id) {
        return of(IMAGE, Long.toString(id));
    }

    public static String leaderboard(String board) {
        return of(LEADERBOARD, board);
    }

    public static String role(String role) {
        return of(ROLE, role);
    }

    /** True when {@code name} may stand after the colon of a channel (a user id, a room name, ...). */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) { // [A-Za-z0-9._-], checked on every poll: no regex
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** True for {@code broadcast} and for {@code kind:name} with a known kind and a valid name. */
    public static boolean isValid(String channel) {
        if (BROADCAST.equals(channel)) {
            return true;
        }
        if (channel == null) {
            return false;
        }
        int colon = channel.indexOf(':');
        return colon > 0 && KINDS.contains(channel.substring(0, colon)) && isValidName(channel.substring(colon + 1));
    }

    /** The space-separated form carried by the {@code channels} extension. */
    public static String join(Collection<String> channels) {
        for (String channel : channels) {
            if (!isValid(channel)) {
                throw new IllegalArgumentException("invalid channel: " + channel);
            }
        }
        return String.join(" ", channels);
    }

    public static String join(String... channels) {
        return join(Arrays.asList(channels));
    }

    /** The channels of a {@code channels} extension value; blank or absent gives none. */
    public static List<String> split(String channels) {
        List<String> result = new ArrayList<>();
        if (channels != null) {
            for (String part : channels.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    result.add(part);
                }
            }
        }
        return result;
    }

    private static String of(String kind, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid " + kind + " name: " + name);
        }
        return kind + ":" + name;
    }

    private Channels() {
    }
}
