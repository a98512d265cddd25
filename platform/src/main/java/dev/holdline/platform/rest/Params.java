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
        String shown = value.toString();
        throw ApiException.badRequest(field, "a whole number from " + min + " to " + max + " is expected, got '"
                + (shown.length() > 40 ? shown.substring(0, 40) + "\u2026" : shown) + "'");
    }

    /** A page of a list: {@code page} counts from 0, {@code offset()} is where it starts and always fits an int. */
    public record PageRequest(int page, int size) {

        public int offset() {
            return page * size;
        }
    }

    /**
     * {@code size} from 1 to {@code maxSize} ({@code defaultSize} when absent), then {@code page} from 0 to the
     * last page whose end still fits an int (a larger one is a 400 naming {@code page}, not an overflow).
     */
    public static PageRequest page(Object page, Object size, int defaultSize, int maxSize) {
        int s = intParam("size", size, defaultSize, 1, maxSize);
        return new PageRequest(intParam("page", page, 0, 0, Integer.MAX_VALUE / s - 1), s);
    }

    private Params() {
    }
}
