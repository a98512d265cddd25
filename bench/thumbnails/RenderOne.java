import dev.holdline.thumbnail.service.ThumbnailEngine;
import dev.holdline.thumbnail.service.UnprocessableImageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders one file with the worker's engine and its default limits; prints what came of it. */
public class RenderOne {

    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        ThumbnailEngine engine = new ThumbnailEngine(List.of(128, 256, 512), 50_000_000L, 30_000, 0.85f);
        long start = System.nanoTime();
        String outcome;
        try {
            ThumbnailEngine.Result result = engine.render(bytes);
            outcome = result.thumbnails().size() + " thumbnails" + (result.note() == null ? "" : " (" + result.note() + ")");
        } catch (UnprocessableImageException e) {
            outcome = "FAILED: " + e.getMessage();
        }
        System.out.printf("%.0f ms | %s%n", (System.nanoTime() - start) / 1e6, outcome);
    }
}
