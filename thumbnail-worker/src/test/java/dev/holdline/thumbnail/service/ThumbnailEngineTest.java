package dev.holdline.thumbnail.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.holdline.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The engine on its own: bytes in, thumbnails out, no broker and no upload-service. */
class ThumbnailEngineTest {

    private final ThumbnailEngine engine = new ThumbnailEngine(List.of(128, 256, 512), 50_000_000L, 30_000, 0.85f);

    @Test
    void shouldMakeThreeThumbnailsOfAPhotoSizedJpeg() throws Exception {
        ThumbnailEngine.Result result = engine.render(TestImages.jpeg(4000, 3000));

        assertEquals(4000, result.width());
        assertEquals(3000, result.height());
        assertEquals(List.of(128, 256, 512), result.thumbnails().stream().map(ThumbnailEngine.Made::size).sorted()
                .toList());
        for (ThumbnailEngine.Made t : result.thumbnails()) {
            assertEquals("image/jpeg", t.contentType());
            BufferedImage decoded = decode(t);
            assertEquals(t.size(), decoded.getWidth());
            assertEquals(t.size() * 3 / 4, decoded.getHeight());
        }
    }

    @Test
    void shouldNeverUpscaleASmallImage() throws Exception {
        ThumbnailEngine.Result result = engine.render(TestImages.jpeg(200, 100));

        List<ThumbnailEngine.Made> bySize = result.thumbnails().stream()
                .sorted((a, b) -> a.size() - b.size()).toList();
        assertEquals(List.of(128, 200, 200), bySize.stream().map(ThumbnailEngine.Made::width).toList());
        assertEquals(100, decode(bySize.get(2)).getHeight());
    }

    @Test
    void shouldKeepTransparencyOfAPngWithAlpha() throws Exception {
        ThumbnailEngine.Made small = smallest(engine.render(TestImages.pngWithAlpha(600, 300)));

        assertEquals("image/png", small.contentType());
        BufferedImage decoded = decode(small);
        assertEquals(128, decoded.getWidth());
        assertEquals(64, decoded.getHeight());
        assertTrue(decoded.getColorModel().hasAlpha());
        assertEquals(0, decoded.getRGB(10, 32) >>> 24, "left half stays transparent");
        assertEquals(0xffdc1414, decoded.getRGB(118, 32), "right half stays opaque red");
    }

    @Test
    void shouldTurnAnExifRotatedJpegUpright() throws Exception {
        // stored landscape: top half red, bottom half blue; EXIF 6 says "turn 90 degrees clockwise to view"
        BufferedImage stored = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 400, 100);
        g.setColor(Color.BLUE);
        g.fillRect(0, 100, 400, 100);
        g.dispose();

        ThumbnailEngine.Result result = engine.render(withExifOrientation(TestImages.encode(stored, "jpg"), 6));

        assertEquals(200, result.width());
        assertEquals(400, result.height());
        BufferedImage upright = decode(smallest(result));
        assertEquals(64, upright.getWidth());
        assertEquals(128, upright.getHeight());
        Color right = new Color(upright.getRGB(56, 64));
        Color left = new Color(upright.getRGB(8, 64));
        assertTrue(right.getRed() > 200 && right.getBlue() < 60, "the stored top is now on the right: " + right);
        assertTrue(left.getBlue() > 200 && left.getRed() < 60, "the stored bottom is now on the left: " + left);
    }

    @Test
    void shouldRefuseACorruptJpegWithAReason() {
        byte[] corrupt = new byte[4000];
        new Random(7).nextBytes(corrupt);
        corrupt[0] = (byte) 0xff;
        corrupt[1] = (byte) 0xd8;
        corrupt[2] = (byte) 0xff;

        UnprocessableImageException e = assertThrows(UnprocessableImageException.class, () -> engine.render(corrupt));

        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void shouldRefuseADecompressionBombFromItsHeaderAlone() {
        // 20000 x 20000 claimed by a 1-pixel file: decoding it would need 1.6 GB; the header check refuses it
        UnprocessableImageException e = assertThrows(UnprocessableImageException.class,
                () -> engine.render(pngClaiming(20000, 20000)));

        assertTrue(e.getMessage().contains("20000x20000") && e.getMessage().contains("megapixels"), e.getMessage());
    }

    @Test
    void shouldRefuseAVeryWideOrVeryTallImageFromItsHeaderAloneThoughItsPixelsAreUnderTheLimit() {
        // 50,000,000 x 1 is 50 megapixels, at the pixel limit, but each row would cost the decoder 150 MB or more
        for (int[] size : new int[][] { { 50_000_000, 1 }, { 1, 50_000_000 }, { 30_001, 1_000 } }) {
            UnprocessableImageException e = assertThrows(UnprocessableImageException.class,
                    () -> engine.render(pngClaiming(size[0], size[1])));
            assertTrue(e.getMessage().contains(size[0] + "x" + size[1]) && e.getMessage().contains("30000 pixels"),
                    e.getMessage());
        }
    }

    @Test
    void shouldStoreWebpWithoutThumbnailsAndSayWhy() throws Exception {
        ThumbnailEngine.Result result = engine.render("RIFF\0\0\0\0WEBPVP8 ....".getBytes(StandardCharsets.ISO_8859_1));

        assertTrue(result.thumbnails().isEmpty());
        assertTrue(result.note().contains("WebP"), result.note());
    }

    @Test
    void shouldRefuseSomethingThatIsNotAnImage() {
        assertThrows(UnprocessableImageException.class,
                () -> engine.render("just some text".getBytes(StandardCharsets.US_ASCII)));
    }

    private static ThumbnailEngine.Made smallest(ThumbnailEngine.Result result) {
        return result.thumbnails().stream().min((a, b) -> a.size() - b.size()).orElseThrow();
    }

    private static BufferedImage decode(ThumbnailEngine.Made thumbnail) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertNotNull(image, "thumbnail " + thumbnail.size() + " decodes");
        assertEquals(thumbnail.width(), image.getWidth());
        assertEquals(thumbnail.height(), image.getHeight());
        return image;
    }

    /** Inserts an EXIF APP1 segment with the given orientation right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer app1 = ByteBuffer.allocate(36);
        app1.put((byte) 0xff).put((byte) 0xe1).putShort((short) 34);
        app1.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        app1.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // big-endian TIFF, IFD0 at 8
        app1.putShort((short) 1);                                              // one entry
        app1.putShort((short) 0x0112).putShort((short) 3).putInt(1);           // Orientation, SHORT, 1 value
        app1.putShort((short) orientation).putShort((short) 0);
        app1.putInt(0);                                                        // no next IFD
        byte[] out = new byte[jpeg.length + 36];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app1.array(), 0, out, 2, 36);
        System.arraycopy(jpeg, 2, out, 38, jpeg.length - 2);
        return out;
    }

    /** A tiny, otherwise valid PNG whose IHDR claims the given size (a decompression bomb's header). */
    static byte[] pngClaiming(int width, int height) {
        byte[] png = TestImages.encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // "IHDR" + 13 data bytes
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}
