package dev.holdline.events.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One stored thumbnail, as events, upload-service's API and poll-gateway's status call show it: its size
 * class (the longest side asked for), its real dimensions, and where to get it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Thumbnail(int size, int width, int height, String contentType, String url) {
}
