package dev.holdline.leaderboard.service;

import dev.holdline.platform.rest.ApiException;
import java.text.Normalizer;
import java.util.Optional;

/**
 * What a name shown to other people may be (a player's name on a board, an item's in the catalogue): 1 to
 * {@value #MAX_LENGTH} characters after trimming (every space and white space, U+00A0, U+2007 and U+202F too), in
 * NFC, with at least one letter or digit, at most {@value #MAX_MARKS} combining marks on a character, and none that
 * changes how the text around it reads or hides in it: no control characters, no format characters (the
 * bidirectional controls U+202A-202E, U+2066-2069, U+200E/F and U+061C, the zero-width U+200B-200D, U+2060 and
 * U+FEFF among them), no other default-ignorable code point (U+034F, the variation selectors U+FE00-FE0F and
 * U+E0100-E01EF, the Mongolian U+180B-180F, U+17B4/5, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, ...),
 * no blank U+2800, no line or paragraph separators, no private-use, unassigned or lone surrogate code points.
 */
public final class DisplayNames {

    /** Characters (code points) in a name at most. */
    public static final int MAX_LENGTH = 32;

    /** Combining marks on one character at most (after NFC): enough for real text, not for a stack. */
    public static final int MAX_MARKS = 2;

    /**
     * Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), start and end inclusive: shown as
     * nothing. Java has no query for the property.
     */
    private static final int[][] DEFAULT_IGNORABLE = { { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C },
            { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180F }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
            { 0x2060, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 },
            { 0xFFF0, 0xFFF8 }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF } };

    /** Shown blank though not ignorable or a space: the Braille pattern blank. */
    private static final int BRAILLE_BLANK = 0x2800;

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
        String name = Normalizer.normalize(trim(raw), Normalizer.Form.NFC);
        if (name.isEmpty()) {
            throw ApiException.badRequest(field, "a name of 1 to " + MAX_LENGTH + " characters is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiException.badRequest(field, "at most " + MAX_LENGTH + " characters");
        }
        int refused = name.codePoints().filter(DisplayNames::refused).findFirst().orElse(-1);
        if (refused >= 0) {
            throw ApiException.badRequest(field, String.format("U+%04X is not allowed in a name (control, format,"
                    + " bidirectional, zero-width, invisible or blank characters are not)", refused));
        }
        if (name.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw ApiException.badRequest(field, "a name needs at least one letter or digit");
        }
        if (mostMarksOnACharacter(name) > MAX_MARKS) {
            throw ApiException.badRequest(field, "at most " + MAX_MARKS + " combining marks on a character");
        }
        return name;
    }

    /** {@code raw} without leading and trailing spaces of any kind ({@link String#strip} keeps U+00A0 and such). */
    static String trim(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isSpace(raw.codePointAt(start))) {
            start += Character.charCount(raw.codePointAt(start));
        }
        while (end > start && isSpace(raw.codePointBefore(end))) {
            end -= Character.charCount(raw.codePointBefore(end));
        }
        return raw.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isSpaceChar(codePoint) || Character.isWhitespace(codePoint);
    }

    private static int mostMarksOnACharacter(String name) {
        int most = 0;
        int run = 0;
        for (int c : name.codePoints().toArray()) {
            run = isMark(c) ? run + 1 : 0;
            most = Math.max(most, run);
        }
        return most;
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
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
        if (codePoint == BRAILLE_BLANK || isDefaultIgnorable(codePoint)) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    private static boolean isDefaultIgnorable(int codePoint) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
