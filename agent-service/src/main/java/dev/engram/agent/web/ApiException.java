package dev.engram.agent.web;

/**
 * An error with its HTTP status and the text that goes into {@code {"detail": ...}}, and any fields Letta answers
 * beside it (the run a 409 busy waits for, the request a 409 pending approval is about).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final java.util.Map<String, Object> extra;

    public ApiException(int status, String detail) {
        this(status, detail, java.util.Map.of());
    }

    public ApiException(int status, String detail, java.util.Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.extra = java.util.Map.copyOf(extra);
    }

    /** Fields of the error body beside {@code detail}. */
    public java.util.Map<String, Object> extra() {
        return extra;
    }

    /** The error body: {@code detail} first, then the extra fields. */
    public java.util.Map<String, Object> body() {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("detail", detail());
        body.putAll(extra);
        return body;
    }

    /** Response headers the error comes with (e.g. {@code Retry-After}); none unless a subclass says so. */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, detail);
    }
}
