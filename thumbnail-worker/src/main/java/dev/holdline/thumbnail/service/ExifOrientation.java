package dev.holdline.thumbnail.service;

/**
 * Reads the EXIF orientation (tag 0x0112) of a JPEG from its APP1 segment, without a library.
 * 1 is upright; 2..8 are the mirrorings and rotations of the EXIF specification.
 */
final class ExifOrientation {

    static int of(byte[] jpeg) {
        try {
            int pos = 2; // after SOI
            while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xff) {
                int marker = jpeg[pos + 1] & 0xff;
                int length = u16(jpeg, pos + 2, false);
                if (marker == 0xda || marker == 0xd9) {
                    return 1; // image data starts: no EXIF before it
                }
                if (marker == 0xe1 && length >= 16 && startsWithExif(jpeg, pos + 4)) {
                    return fromTiff(jpeg, pos + 10, pos + 2 + length);
                }
                pos += 2 + length;
            }
        } catch (IndexOutOfBoundsException e) {
            // a truncated segment: treat as upright
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
        if (!little && !(b[tiff] == 'M' && b[tiff + 1] == 'M')) {
            return 1;
        }
        int ifd = tiff + (int) u32(b, tiff + 4, little);
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16(b, entry, little) == 0x0112) {
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static boolean startsWithExif(byte[] b, int p) {
        return b[p] == 'E' && b[p + 1] == 'x' && b[p + 2] == 'i' && b[p + 3] == 'f' && b[p + 4] == 0 && b[p + 5] == 0;
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little ? (u16(b, p, true) | (long) u16(b, p + 2, true) << 16)
                : ((long) u16(b, p, false) << 16 | u16(b, p + 2, false));
    }

    private ExifOrientation() {
    }
}
