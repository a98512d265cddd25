package dev.holdline.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Event ids as ULIDs: 26 Crockford base-32 characters, time-ordered to the millisecond, then random.
 * Unique per event and stable across redelivery because they are made once, when the event is.
 * <p>
 * {@link #derivedId} makes the same id from the same parts on every replica (an idempotent request's retry):
 * the same format (valid ULID text, first character 0..7), but its 128 bits come from SHA-256 of the parts, so it
 * is not time-ordered; order events by their stream cursor or {@code time}, never by id.
 */
public final class EventIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static String newId() {
        return newId(System.currentTimeMillis());
    }

    static String newId(long epochMillis) {
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        // 80 random bits -> 16 characters of 5 bits
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** A ULID-shaped id that is a function of {@code parts} only (each part length-prefixed, so no two lists meet). */
    public static String derivedId(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        byte[] hash = sha.digest();
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (hash[i] & 0xff);
            lo = (lo << 8) | (hash[i + 8] & 0xff);
        }
        // 128 bits -> 26 characters: the first carries 3 bits (0..7), as in a ULID, the other 25 five each
        char[] out = new char[26];
        for (int i = 25; i >= 0; i--) {
            int bits = (int) (lo & 31);
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
            out[i] = ALPHABET[i == 0 ? bits & 7 : bits];
        }
        return new String(out);
    }

    private EventIds() {
    }
}
