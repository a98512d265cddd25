package dev.holdline.platform.rest;

/**
 * The body of every error answer: a short machine-readable code and a sentence for people. In both, every
 * control or other non-printable character and every lone surrogate becomes {@code ?} (JSON would write each as
 * a six-byte escape), then both are cut to a bound ({@value #MAX_ERROR} and {@value #MAX_DETAIL}
 * characters), so that an answer never echoes an unbounded value from the request whatever a message was built
 * from: an error answer stays well under 4 KB (at most 3 bytes a character once serialized).
 */
public record ErrorBody(String error, String detail) {

    static final int MAX_ERROR = 100;
    static final int MAX_DETAIL = 500;

    public ErrorBody {
        error = cut(printable(error), MAX_ERROR);
        detail = cut(printable(detail), MAX_DETAIL);
    }

    /** {@code text} with each control, format, unassigned or private-use character and lone surrogate as '?'. */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (shown(text.codePointAt(i))) {
                    shown.append(c).append(text.charAt(i + 1));
                } else {
                    shown.append('?');
                }
                i++;
            } else if (Character.isSurrogate(c) || !shown(c)) {
                shown.append('?');
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    private static boolean shown(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a pair, which would leave a lone surrogate
        }
        return text.substring(0, end) + "\u2026";
    }

    /** 401, with {@code WWW-Authenticate: Bearer}. */
    public static final ErrorBody UNAUTHORIZED = new ErrorBody("unauthorized", "a valid bearer token is required");

    /** 500: said to the caller; the cause goes to the log only. */
    public static final ErrorBody INTERNAL = new ErrorBody("internal_error",
            "the server failed; the failure is logged");

    /** 400 naming the field at fault ({@code items[0].sku}, {@code since}, {@code body}) and what was wrong with it. */
    public static ErrorBody invalidField(String field, String detail) {
        return new ErrorBody("invalid_" + field, field + ": " + detail);
    }

    /** 400 for a body that is not JSON of the expected shape; {@code why} is the parser's own words. */
    public static ErrorBody invalidJson(String why) {
        return new ErrorBody("invalid_body", "the body is not valid JSON for this call: " + why);
    }
}
