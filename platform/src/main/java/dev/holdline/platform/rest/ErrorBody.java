package dev.holdline.platform.rest;

/** The body of every error answer: a short machine-readable code and a sentence for people. */
public record ErrorBody(String error, String detail) {
}
