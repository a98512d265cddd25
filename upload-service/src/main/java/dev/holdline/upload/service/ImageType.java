package dev.holdline.upload.service;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The image formats accepted, recognised by their first bytes, never by file name or declared type. */
public enum ImageType {
    JPEG("image/jpeg"), PNG("image/png"), GIF("image/gif"), WEBP("image/webp");

    /** Bytes needed to tell every accepted type apart. */
    public static final int SNIFF_BYTES = 12;

    private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    public final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public static Optional<ImageType> sniff(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (head.length >= 8 && Arrays.equals(head, 0, 8, PNG_MAGIC, 0, 8)) {
            return Optional.of(PNG);
        }
        if (head.length >= 6 && (startsWith(head, 0, "GIF87a") || startsWith(head, 0, "GIF89a"))) {
            return Optional.of(GIF);
        }
        if (head.length >= 12 && startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
        return Arrays.equals(data, offset, offset + expected.length, expected, 0, expected.length);
    }
}
