package dev.holdline.platform.rest;

/** The body of every error answer: a short machine-readable code and a sentence for people. */
public record ErrorBody(String error, String detail) {

    /** 401, with {@code WWW-Authenticate: Bearer}. */
    public static final ErrorBody UNAUTHORIZED = new ErrorBody("unauthorized", "a valid bearer token is required");

    /** 500: said to the caller; the cause goes to the log only. */
    public static final ErrorBody INTERNAL = new ErrorBody("internal_error",
            "the server failed; the failure is logged");

    /** 400 for a body that is not JSON of the expected shape; {@code why} is the parser's own words. */
    public static ErrorBody invalidJson(String why) {
        return new ErrorBody("invalid_body", "the body is not valid JSON for this call: " + why);
    }
}
