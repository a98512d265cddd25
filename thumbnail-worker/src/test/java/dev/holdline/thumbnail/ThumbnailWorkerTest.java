package dev.holdline.thumbnail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.holdline.events.Channels;
import dev.holdline.events.CloudEvent;
import dev.holdline.events.EventTypes;
import dev.holdline.events.image.ImageEventData;
import dev.holdline.events.image.ImageWork.Completion;
import dev.holdline.events.image.ImageWork.ThumbnailUpload;
import dev.holdline.testing.EventProbe;
import dev.holdline.testing.TestImages;
import dev.holdline.testing.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ThumbnailWorkerTest {

    private static final AtomicLong IDS = new AtomicLong(new Random().nextInt(1_000_000) * 1000L);

    private EventProbe broker;

    @BeforeEach
    void connect() {
        broker = EventProbe.listen("test.unused");
    }

    @AfterEach
    void disconnect() {
        broker.close();
    }

    private FakeUploadService.StoredImage uploaded(long id, byte[] bytes) {
        FakeUploadService.StoredImage image = FakeUploadService.get().put(id, bytes);
        broker.publish(EventTypes.IMAGE_UPLOADED, uploadedEvent(id).toJson());
        return image;
    }

    private static CloudEvent uploadedEvent(long id) {
        return CloudEvent.create("upload-service", EventTypes.IMAGE_UPLOADED, "images/" + id,
                List.of(Channels.user("alice"), Channels.image(id)),
                new ImageEventData(id, "alice", "PENDING", "image/jpeg", null, null));
    }

    private static Completion awaitCompletion(FakeUploadService.StoredImage image) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !image.completions.isEmpty());
        return image.completions.get(0);
    }

    private static BufferedImage decode(ThumbnailUpload thumbnail) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertNotNull(image, "thumbnail " + thumbnail.size() + " decodes");
        assertEquals(thumbnail.width(), image.getWidth());
        assertEquals(thumbnail.height(), image.getHeight());
        return image;
    }

    @Test
    void shouldMakeThreeThumbnailsOfAPhotoSizedJpeg() throws IOException {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(4000, 3000));

        Completion done = awaitCompletion(image);

        assertEquals(4000, done.width());
        assertEquals(3000, done.height());
        assertEquals(List.of(128, 256, 512), done.thumbnails().stream().map(ThumbnailUpload::size).toList());
        int[][] expected = { { 128, 96 }, { 256, 192 }, { 512, 384 } };
        for (int i = 0; i < 3; i++) {
            ThumbnailUpload t = done.thumbnails().get(i);
            assertEquals("image/jpeg", t.contentType());
            BufferedImage decoded = decode(t);
            assertEquals(expected[i][0], decoded.getWidth());
            assertEquals(expected[i][1], decoded.getHeight());
        }
        assertEquals("COMPLETED", image.status);
    }

    @Test
    void shouldNeverUpscaleASmallImage() throws IOException {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(200, 100));
        Completion done = awaitCompletion(image);
        assertEquals(List.of(128, 200, 200), done.thumbnails().stream().map(ThumbnailUpload::width).toList());
        assertEquals(100, decode(done.thumbnails().get(2)).getHeight());
    }

    @Test
    void shouldKeepTransparencyOfAPngWithAlpha() throws IOException {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.pngWithAlpha(600, 300));

        ThumbnailUpload small = awaitCompletion(image).thumbnails().get(0);

        assertEquals("image/png", small.contentType());
        BufferedImage decoded = decode(small);
        assertEquals(128, decoded.getWidth());
        assertEquals(64, decoded.getHeight());
        assertTrue(decoded.getColorModel().hasAlpha());
        assertEquals(0, decoded.getRGB(10, 32) >>> 24, "left half stays transparent");
        assertEquals(0xffdc1414, decoded.getRGB(118, 32), "right half stays opaque red");
    }

    @Test
    void shouldTurnAnExifRotatedJpegUpright() throws IOException {
        // stored landscape: top half red, bottom half blue; EXIF 6 says "turn 90 degrees clockwise to view"
        BufferedImage stored = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 400, 100);
        g.setColor(Color.BLUE);
        g.fillRect(0, 100, 400, 100);
        g.dispose();
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, withExifOrientation(TestImages.encode(stored, "jpg"), 6));

        Completion done = awaitCompletion(image);

        assertEquals(200, done.width());
        assertEquals(400, done.height());
        BufferedImage upright = decode(done.thumbnails().get(0));
        assertEquals(64, upright.getWidth());
        assertEquals(128, upright.getHeight());
        Color right = new Color(upright.getRGB(56, 64));
        Color left = new Color(upright.getRGB(8, 64));
        assertTrue(right.getRed() > 200 && right.getBlue() < 60, "the stored top is now on the right: " + right);
        assertTrue(left.getBlue() > 200 && left.getRed() < 60, "the stored bottom is now on the left: " + left);
    }

    @Test
    void shouldFailACorruptJpegWithAReason() {
        byte[] corrupt = new byte[4000];
        new Random(7).nextBytes(corrupt);
        corrupt[0] = (byte) 0xff;
        corrupt[1] = (byte) 0xd8;
        corrupt[2] = (byte) 0xff;
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, corrupt);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !image.failures.isEmpty());

        assertEquals("FAILED", image.status);
        assertTrue(image.failures.get(0).reason().contains("corrupt"), image.failures.get(0).reason());
        assertTrue(image.completions.isEmpty());
    }

    @Test
    void shouldFailADecompressionBombFromItsHeaderAlone() {
        long id = IDS.incrementAndGet();
        long started = System.nanoTime();
        FakeUploadService.StoredImage image = uploaded(id, pngClaiming(20000, 20000));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !image.failures.isEmpty());

        String reason = image.failures.get(0).reason();
        assertTrue(reason.contains("20000x20000") && reason.contains("megapixels"), reason);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
    }

    @Test
    void shouldNotMakeASecondSetOfThumbnailsOnRedelivery() {
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(300, 300));
        awaitCompletion(image);

        broker.publish(EventTypes.IMAGE_UPLOADED, uploadedEvent(id).toJson());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> image.stateCalls.get() >= 2);

        assertEquals(1, image.completions.size());
    }

    @Test
    void shouldRetryWhileUploadServiceIsAwayThenComplete() {
        long id = IDS.incrementAndGet();
        FakeUploadService fake = FakeUploadService.get();
        int refusedBefore = fake.refusedWhileAway();
        fake.unavailableFor(3);
        FakeUploadService.StoredImage image = uploaded(id, TestImages.jpeg(64, 64));

        awaitCompletion(image);

        assertTrue(fake.refusedWhileAway() - refusedBefore >= 3);
    }

    @Test
    void shouldStoreWebpWithoutThumbnailsAndSayWhy() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ....".getBytes(StandardCharsets.ISO_8859_1);
        long id = IDS.incrementAndGet();
        FakeUploadService.StoredImage image = uploaded(id, webp);
        Completion done = awaitCompletion(image);
        assertTrue(done.thumbnails().isEmpty());
        assertTrue(done.reason().contains("WebP"), done.reason());
    }

    @Test
    void shouldParkAnUnreadableMessageInTheDeadLetterQueue() throws Exception {
        String marker = "not-an-event-" + IDS.incrementAndGet();
        broker.publish(EventTypes.IMAGE_UPLOADED, "{\"oops\":\"" + marker + "\"}");
        String dlq = "thumbnail-worker.image-uploaded" + System.getProperty("holdline.test.queue-suffix") + ".dlq";
        try (Connection connection = TestInfra.rabbit(); Channel channel = connection.createChannel()) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                GetResponse parked = channel.basicGet(dlq, true);
                return parked != null && new String(parked.getBody(), StandardCharsets.UTF_8).contains(marker);
            });
        }
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
