package dev.holdline.thumbnail.service;

import dev.holdline.thumbnail.config.ThumbnailConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes thumbnails from image bytes. Reads the header first and refuses images over the pixel limit before
 * decoding a byte of pixel data; decodes with source subsampling to about twice the largest thumbnail;
 * turns EXIF-rotated JPEGs upright; halves step by step (each step a 2x2 average) for clean downscaling;
 * writes JPEG, or PNG when the image has transparency. Pure Java2D and ImageIO (native-capable with
 * quarkus-awt), no state: safe to call from many threads.
 */
@ApplicationScoped
public class ThumbnailEngine {

    static {
        ImageIO.setUseCache(false); // work in memory, never in temporary files
    }

    /** One thumbnail made. */
    public record Made(int size, int width, int height, String contentType, byte[] bytes) {
    }

    /** What came of an image: its upright dimensions, its thumbnails, and a note when there are none. */
    public record Result(int width, int height, List<Made> thumbnails, String note) {
    }

    private final List<Integer> sizes;
    private final long maxPixels;
    private final int maxSide;
    private final float quality;

    @jakarta.inject.Inject
    public ThumbnailEngine(ThumbnailConfig config) {
        this(config.sizes(), config.maxPixels(), config.maxSide(), config.jpegQuality());
    }

    public ThumbnailEngine(List<Integer> sizes, long maxPixels, int maxSide, float quality) {
        this.sizes = sizes.stream().filter(s -> s > 0).distinct().sorted((a, b) -> b - a).toList();
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
        this.quality = quality;
    }

    public Result render(byte[] bytes) throws UnprocessableImageException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                if (isWebp(bytes)) {
                    return new Result(0, 0, List.of(), "stored without thumbnails: this server has no WebP decoder");
                }
                throw new UnprocessableImageException("the file is not an image this server can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return render(reader, bytes);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnprocessableImageException("the image data is corrupt or truncated ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    private Result render(ImageReader reader, byte[] bytes) throws IOException, UnprocessableImageException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new UnprocessableImageException("the image header gives no size");
        }
        if (width > maxSide || height > maxSide) {
            throw new UnprocessableImageException(String.format(Locale.ROOT,
                    "the image is %dx%d; no side may be longer than %d pixels", width, height, maxSide));
        }
        if (pixels > maxPixels) {
            throw new UnprocessableImageException(String.format(Locale.ROOT,
                    "the image is %dx%d (%.1f megapixels); the limit is %.1f megapixels", width, height,
                    pixels / 1e6, maxPixels / 1e6));
        }
        int largest = sizes.isEmpty() ? Math.max(width, height) : sizes.get(0);
        int factor = Math.max(1, Math.max(width, height) / (2 * largest));
        ImageReadParam param = reader.getDefaultReadParam();
        if (factor > 1) {
            param.setSourceSubsampling(factor, factor, 0, 0);
        }
        BufferedImage decoded = reader.read(0, param);
        int orientation = "jpeg".equalsIgnoreCase(reader.getFormatName()) ? ExifOrientation.of(bytes) : 1;
        boolean transparent = hasTransparency(decoded);
        BufferedImage source = upright(toWorkingType(decoded, transparent), orientation);
        boolean swapped = orientation >= 5;
        int uprightWidth = swapped ? height : width;
        int uprightHeight = swapped ? width : height;

        List<Made> made = new ArrayList<>();
        for (int size : sizes) { // largest first: each thumbnail is made from the previous one
            double scale = Math.min(1.0, (double) size / Math.max(uprightWidth, uprightHeight));
            int w = Math.max(1, (int) Math.round(uprightWidth * scale));
            int h = Math.max(1, (int) Math.round(uprightHeight * scale));
            source = downscale(source, w, h);
            made.add(0, transparent
                    ? new Made(size, w, h, "image/png", png(source))
                    : new Made(size, w, h, "image/jpeg", jpeg(source)));
        }
        return new Result(uprightWidth, uprightHeight, made, null);
    }

    /** Halves while the image is more than twice the target, then one bilinear step to the exact size. */
    static BufferedImage downscale(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() >= width * 2 && current.getHeight() >= height * 2) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != width || current.getHeight() != height) {
            current = resize(current, width, height);
        }
        return current;
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, image.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setComposite(AlphaComposite.Src);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static BufferedImage toWorkingType(BufferedImage image, boolean alpha) {
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Applies an EXIF orientation (1..8) so that the image reads upright. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int[] in = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (orientation) {
                    case 2 -> { ox = w - 1 - x; oy = y; }               // mirrored
                    case 3 -> { ox = w - 1 - x; oy = h - 1 - y; }       // rotated 180
                    case 4 -> { ox = x; oy = h - 1 - y; }               // flipped
                    case 5 -> { ox = y; oy = x; }                       // transposed
                    case 6 -> { ox = h - 1 - y; oy = x; }               // turn 90 clockwise
                    case 7 -> { ox = h - 1 - y; oy = w - 1 - x; }       // transversed
                    default -> { ox = y; oy = w - 1 - x; }              // 8: turn 90 counter-clockwise
                }
                out[oy * ow + ox] = in[y * w + x];
            }
        }
        BufferedImage result = new BufferedImage(ow, swap ? w : h, image.getType());
        result.setRGB(0, 0, ow, swap ? w : h, out, 0, ow);
        return result;
    }

    private static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        var alpha = image.getAlphaRaster();
        if (alpha == null) {
            return image.getColorModel().getTransparency() != java.awt.Transparency.OPAQUE;
        }
        int[] row = new int[alpha.getWidth()];
        for (int y = 0; y < alpha.getHeight(); y++) {
            alpha.getSamples(0, y, alpha.getWidth(), 1, 0, row);
            for (int a : row) {
                if (a < 255) {
                    return true;
                }
            }
        }
        return false;
    }

    private byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static boolean isWebp(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
    }
}
