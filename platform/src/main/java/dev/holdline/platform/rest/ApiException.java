package dev.holdline.platform.rest;

/** An error meant for the caller: answered with its status and {@link ErrorBody}, never logged as a fault. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Long retryAfterSeconds;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, null);
    }

    private ApiException(int status, String error, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorBody body() {
        return new ErrorBody(error, getMessage());
    }

    /** 400 naming the field at fault ({@link ErrorBody#invalidField}). */
    public static ApiException badRequest(String field, String detail) {
        ErrorBody body = ErrorBody.invalidField(field, detail);
        return new ApiException(400, body.error(), body.detail());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "too_large", detail);
    }

    public static ApiException unsupportedType(String detail) {
        return new ApiException(415, "unsupported_media_type", detail);
    }

    public static ApiException tooMany(String detail) {
        return new ApiException(429, "too_many_requests", detail);
    }

    /** 413 for a request that would take a user past a storage quota. */
    public static ApiException quotaExceeded(String detail) {
        return new ApiException(413, "quota_exceeded", detail);
    }

    /** 503 with {@code Retry-After}: a dependency (or this service) cannot take the request now. */
    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, "unavailable", detail, retryAfterSeconds);
    }

    /** 429 with {@code Retry-After}. */
    public static ApiException tooMany(String detail, long retryAfterSeconds) {
        return new ApiException(429, "too_many_requests", detail, retryAfterSeconds);
    }
}
