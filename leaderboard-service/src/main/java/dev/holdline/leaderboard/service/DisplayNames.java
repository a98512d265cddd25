package dev.holdline.leaderboard.service;

import dev.holdline.platform.rest.ApiException;
import java.text.Normalizer;
import java.util.Optional;

/**
 * What a name shown to other people may be (a player's name on a board, an item's in the catalogue): 1 to
 * {@value #MAX_LENGTH} characters after trimming, in NFC, and none that changes how the text around it reads or
 * hides in it: no control characters, no format characters (the bidirectional controls U+202A-202E, U+2066-2069,
 * U+200E/F and U+061C, the zero-width U+200B-200D, U+2060 and U+FEFF among them), no line or paragraph
 * separators, no private-use, unassigned or lone surrogate code points.
 */
public final class DisplayNames {

    /** Characters (code points) in a name at most. */
    public static final int MAX_LENGTH = 32;

    private DisplayNames() {
    }

    /** The name, trimmed and in NFC, or a 400 naming {@code field} that says what is wrong (never echoing it). */
    public static String check(String field, String raw) {
        if (raw == null) {
            throw ApiException.badRequest(field, "a name of 1 to " + MAX_LENGTH + " characters is required");
        }
        if (raw.length() > MAX_LENGTH * 4) { // refused before any copy of a long string
            throw ApiException.badRequest(field, "at most " + MAX_LENGTH + " characters");
        }
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty()) {
            throw ApiException.badRequest(field, "a name of 1 to " + MAX_LENGTH + " characters is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiException.badRequest(field, "at most " + MAX_LENGTH + " characters");
        }
        int refused = name.codePoints().filter(DisplayNames::refused).findFirst().orElse(-1);
        if (refused >= 0) {
            throw ApiException.badRequest(field, String.format("U+%04X is not allowed in a name (control, format,"
                    + " bidirectional or zero-width characters are not)", refused));
        }
        return name;
    }

    /** The name if it follows the rules (trimmed, in NFC), else empty: for names from elsewhere, such as a token. */
    public static Optional<String> ifValid(String raw) {
        try {
            return Optional.of(check("name", raw));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    static boolean refused(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
