package dev.holdline.upload.rest;

import java.util.Map;

/** The answer to an upload: where to wait for the outcome. */
public record UploadAccepted(long id, String status, String statusUrl, Map<String, String> links) {
}
