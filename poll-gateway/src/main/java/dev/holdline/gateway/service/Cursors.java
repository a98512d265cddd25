package dev.holdline.gateway.service;

import dev.holdline.platform.rest.ApiException;

/**
 * Cursors are stream offsets written in base 36 behind a version letter, followed by the stream's epoch:
 * {@code c<offset>.<epoch>} ({@link StreamEpoch}). Opaque to clients, cheap to parse, and the same on every replica
 * because every replica reads the same stream. A cursor of another epoch points into a stream that is gone (it was
 * deleted and declared again): its offset says nothing here, and the poll is answered with {@code gap}. A cursor
 * without an epoch ({@code c<offset>}, as issued before epochs, or while a replica has not learnt its stream's
 * epoch yet) is taken as an offset of this stream: it resumes.
 */
public final class Cursors {

    /** A parsed cursor; {@code epoch} is null for one without. */
    public record Cursor(long offset, String epoch) {
    }

    private static final int MAX_LENGTH = 40;

    /** The cursor for {@code offset} in the stream of {@code epoch} (null: not known yet, none written). */
    public static String format(long offset, String epoch) {
        String cursor = "c" + Long.toString(offset, 36);
        return epoch == null ? cursor : cursor + "." + epoch;
    }

    /** The offset and epoch of a cursor; a 400 naming {@code field} if it is not one of ours. */
    public static Cursor parse(String cursor, String field) {
        if (cursor != null && cursor.length() > 1 && cursor.length() <= MAX_LENGTH && cursor.charAt(0) == 'c') {
            int dot = cursor.indexOf('.');
            String offsetPart = dot < 0 ? cursor.substring(1) : cursor.substring(1, dot);
            String epoch = dot < 0 ? null : cursor.substring(dot + 1);
            try {
                long offset = offsetPart.length() <= 15 ? Long.parseLong(offsetPart, 36) : -2;
                if (offset >= -1 && offsetPart.indexOf('-') <= 0 && (epoch == null || StreamEpoch.isValid(epoch))) {
                    return new Cursor(offset, epoch);
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
