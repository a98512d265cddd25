package dev.holdline.platform.rest;

/**
 * The body of every error answer: a short machine-readable code and a sentence for people. Both are cut to a
 * bound ({@value #MAX_ERROR} and {@value #MAX_DETAIL} characters), so that an answer never echoes an unbounded
 * value from the request whatever a message was built from: an error answer stays well under 4 KB.
 */
public record ErrorBody(String error, String detail) {

    static final int MAX_ERROR = 100;
    static final int MAX_DETAIL = 1000;

    public ErrorBody {
        error = cut(error, MAX_ERROR);
        detail = cut(detail, MAX_DETAIL);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

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
