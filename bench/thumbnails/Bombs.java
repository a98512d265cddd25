import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the worst file of each kind the worker accepts (all within its limits: 50 megapixels, 30,000 px a side,
 * 20 MiB): a wide and a tall PNG at the side limit, a PNG and a progressive JPEG near the pixel limit, a GIF of
 * 1,000 frames, a JPEG carrying 19 MB of ICC profile segments, and a 4000x3000 photo as the baseline.
 *   java Bombs.java DIR
 */
public class Bombs {

    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        dir.mkdirs();
        write(ImageIO.write(picture(4000, 3000), "jpg", new File(dir, "baseline-4000x3000.jpg")));
        write(ImageIO.write(picture(30000, 8), "png", new File(dir, "wide-30000x8.png")));
        write(ImageIO.write(picture(8, 30000), "png", new File(dir, "tall-8x30000.png")));
        write(ImageIO.write(picture(7000, 7000), "png", new File(dir, "square-7000x7000.png")));
        progressiveJpeg(picture(7000, 7000), new File(dir, "progressive-7000x7000.jpg"));
        manyFrameGif(new File(dir, "frames-1000x400x400.gif"), 1000);
        iccStuffed(new File(dir, "icc-19MB-1000x750.jpg"));
    }

    private static void write(boolean written) {
        if (!written) {
            throw new IllegalStateException("no writer");
        }
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(20, 90, 160), width, height, new Color(230, 180, 60)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static void progressiveJpeg(BufferedImage image, File file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
    }

    private static void manyFrameGif(File file, int frames) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            BufferedImage frame = new BufferedImage(400, 400, BufferedImage.TYPE_BYTE_INDEXED);
            for (int i = 0; i < frames; i++) {
                Graphics2D g = frame.createGraphics();
                g.setColor(new Color(i % 256, 80, 160));
                g.fillRect(0, 0, 400, 400);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        }
        writer.dispose();
    }

    /** A small JPEG with 300 APP2 ICC_PROFILE segments of 64 KB each after its SOI. */
    private static void iccStuffed(File file) throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture(1000, 750), "jpg", jpeg);
        byte[] plain = jpeg.toByteArray();
        try (OutputStream out = new FileOutputStream(file)) {
            out.write(plain, 0, 2); // SOI
            int chunks = 300;
            byte[] payload = new byte[65_000];
            for (int i = 1; i <= chunks; i++) {
                int length = 2 + 12 + 2 + payload.length;
                out.write(new byte[] { (byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length });
                out.write("ICC_PROFILE\0".getBytes("US-ASCII"));
                out.write(new byte[] { (byte) i, (byte) chunks });
                out.write(payload);
            }
            out.write(plain, 2, plain.length - 2);
        }
        System.out.println(file.getName() + ": " + Files.size(file.toPath()) + " bytes");
    }
}
