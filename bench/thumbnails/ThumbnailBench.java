import dev.holdline.thumbnail.service.ThumbnailEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs Holdline's thumbnail engine (the worker's own class, no copy) over every image in a folder, one at a
 * time on one thread, as one worker slot does, reading each file when its turn comes. Usage: ThumbnailBench DIR SIZES PASSES [jpg|png|all]
 * Prints one line: "images N seconds S images_per_s R" for the measured passes (after one warm-up pass).
 */
public class ThumbnailBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Integer> sizes = Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList();
        int passes = Integer.parseInt(args[2]);
        String kind = args.length > 3 ? args[3] : "all";
        List<Path> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (kind.equals("all") || name.endsWith("." + kind)) {
                    images.add(file);
                }
            }
        }
        ThumbnailEngine engine = new ThumbnailEngine(sizes, 50_000_000L, 30_000, 0.85f);
        for (Path image : images) { // warm-up: a worker runs for hours, JIT-compiled
            engine.render(Files.readAllBytes(image));
        }
        long start = System.nanoTime();
        int count = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (Path image : images) { // read per image, as the worker receives each one
                if (engine.render(Files.readAllBytes(image)).thumbnails().isEmpty()) {
                    throw new IllegalStateException("no thumbnails");
                }
                count++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("images %d seconds %.3f images_per_s %.2f%n", count, seconds, count / seconds);
    }
}
