package dev.holdline.upload.rest;

import dev.holdline.events.image.ImageView;
import java.util.List;

public record ImagePage(List<ImageView> items, int page, int size, long total) {
}
