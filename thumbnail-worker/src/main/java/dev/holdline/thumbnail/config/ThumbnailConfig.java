package dev.holdline.thumbnail.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

@ConfigMapping(prefix = "thumbnail")
public interface ThumbnailConfig {

    /** Longest side of each thumbnail, in pixels. An image smaller than a size is not upscaled. */
    @WithDefault("128,256,512")
    List<Integer> sizes();

    /** Images with more pixels than this are FAILED from their header, without being decoded. */
    @WithDefault("50000000")
    long maxPixels();

    /**
     * Images wider or taller than this are FAILED from their header too: a 50,000,000 x 1 PNG passes the pixel
     * limit, but every row the decoder holds (width x channels x bytes per sample) would be 400 MB.
     */
    @WithDefault("30000")
    int maxSide();

    /** Images processed at once by this replica; also the queue prefetch. */
    @WithDefault("2")
    int concurrency();

    /** JPEG quality of the thumbnails, 0..1. */
    @WithDefault("0.85")
    float jpegQuality();
}
