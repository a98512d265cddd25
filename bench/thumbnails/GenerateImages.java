import dev.holdline.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the benchmark's photo-like JPEGs and PNGs (same generator as the tests) into the given folder. */
public class GenerateImages {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int[][] jpegs = { { 4000, 3000 }, { 4000, 3000 }, { 3000, 4000 }, { 1920, 1080 }, { 1920, 1080 },
                { 1024, 768 }, { 1024, 768 }, { 640, 480 } };
        int n = 0;
        for (int[] size : jpegs) {
            BufferedImage image = TestImages.photo(size[0], size[1] + n, BufferedImage.TYPE_INT_RGB);
            Files.write(dir.resolve(String.format("photo-%02d-%dx%d.jpg", n++, size[0], size[1])),
                    TestImages.encode(image, "jpg"));
        }
        int[][] pngs = { { 1600, 1200 }, { 800, 600 } };
        for (int[] size : pngs) {
            BufferedImage image = TestImages.photo(size[0], size[1], BufferedImage.TYPE_INT_ARGB);
            Files.write(dir.resolve(String.format("art-%02d-%dx%d.png", n++, size[0], size[1])),
                    TestImages.encode(image, "png"));
        }
    }
}
