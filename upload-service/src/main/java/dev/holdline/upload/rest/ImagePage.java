package dev.holdline.upload.rest;

import java.util.List;

public record ImagePage(List<ImageView> items, int page, int size, long total) {
}
