package dev.engram.agent.tool.web;

import java.net.URI;

/**
 * A fetched page: where it was found in the end (after redirects), its Content-Type and its first bytes.
 *
 * @param cut whether the body was longer than the byte limit and only its start was read
 */
record Page(URI url, String contentType, byte[] body, boolean cut) {
}
