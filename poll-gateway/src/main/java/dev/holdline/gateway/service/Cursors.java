package dev.holdline.gateway.service;

import dev.holdline.platform.rest.ApiException;

/**
 * Cursors are stream offsets written in base 36 behind a version letter ("c" + offset): opaque to clients,
 * cheap to parse, and the same on every replica because every replica reads the same stream.
 */
public final class Cursors {

    public static String format(long offset) {
        return "c" + Long.toString(offset, 36);
    }

    /** The offset of a cursor; a 400 naming {@code field} if it is not one of ours. */
    public static long parse(String cursor, String field) {
        if (cursor != null && cursor.length() > 1 && cursor.length() <= 16 && cursor.charAt(0) == 'c') {
            try {
                long offset = Long.parseLong(cursor.substring(1), 36);
                if (offset >= -1) {
                    return offset;
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
        }
        throw ApiException.badRequest(field, "not a cursor this gateway issued: '" + cursor + "'");
    }

    private Cursors() {
    }
}
