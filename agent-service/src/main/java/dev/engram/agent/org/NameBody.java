package dev.engram.agent.org;

import dev.engram.agent.web.ApiException;

/** The body of creating or renaming an organization or a user: a name. */
public record NameBody(String name) {

    /** The trimmed name; 422 naming the field when it is missing, blank or too long. */
    static String required(NameBody body) {
        String name = body == null || body.name() == null ? null : body.name().trim();
        if (name == null || name.isEmpty()) {
            throw ApiException.unprocessable("name: Field required");
        }
        if (name.length() > 200) {
            throw ApiException.unprocessable("name: String should have at most 200 characters");
        }
        return name;
    }
}
