package dev.holdline.platform.rest;

/** Query and body parameters read the same way everywhere: bad values are a 400 naming the field. */
public final class Params {

    /** A whole number in range, {@code fallback} when absent; otherwise a 400 naming the field (never clamped). */
    public static int intParam(String field, Object value, int fallback, int min, int max) {
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            int parsed = value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
                    : Integer.parseInt(value.toString().trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest(field, "a whole number from " + min + " to " + max + " is expected, got '"
                + value + "'");
    }

    private Params() {
    }
}
