package dev.engram.agent.web;

/** The one error shape: {@code {"detail": "..."}}. */
public record ErrorResponse(String detail) {
}
