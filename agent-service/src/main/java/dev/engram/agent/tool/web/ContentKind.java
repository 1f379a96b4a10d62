package dev.engram.agent.tool.web;

import java.util.Locale;
import java.util.Set;

/** How fetch_webpage reads a response, by its Content-Type. */
enum ContentKind {
    HTML, TEXT, BINARY,
    /** No usable Content-Type: decided by looking at the bytes. */
    UNKNOWN;

    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml", "application/javascript",
            "application/x-javascript", "application/ecmascript", "application/yaml", "application/x-yaml", "application/toml",
            "application/x-sh", "application/sql", "application/graphql", "application/x-ndjson", "application/csv");

    static ContentKind of(String contentType) {
        String mime = mime(contentType);
        if (mime.isEmpty() || mime.equals("application/octet-stream")) {
            return UNKNOWN; // servers label plenty of text files as octet-stream
        }
        if (mime.equals("text/html") || mime.equals("application/xhtml+xml")) {
            return HTML;
        }
        if (mime.startsWith("text/") || mime.endsWith("+json") || mime.endsWith("+xml") || TEXT_TYPES.contains(mime)) {
            return TEXT;
        }
        return BINARY;
    }

    /** The media type alone, lower case: {@code text/html; charset=utf-8} is {@code text/html}. */
    static String mime(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter of a Content-Type, or null. */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String value = p.substring(8).trim().replace("\"", "").replace("'", "");
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
