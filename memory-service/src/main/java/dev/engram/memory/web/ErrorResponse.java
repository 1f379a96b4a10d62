package dev.engram.memory.web;

/** The one error shape: {@code {"detail": "..."}}. */
public record ErrorResponse(String detail) {
}
