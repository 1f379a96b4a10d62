package dev.engram.embedding.api;

import org.jboss.resteasy.reactive.RestResponse;

/** The one error shape of the API. */
public record ErrorResponse(String detail) {

    static RestResponse.ResponseBuilder<ErrorResponse> with(int status, String detail) {
        return RestResponse.ResponseBuilder.<ErrorResponse>create(status).entity(new ErrorResponse(detail));
    }
}
