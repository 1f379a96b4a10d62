package dev.engram.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Parses an SSE body into frames: the event name (null for unnamed) and the data. */
public final class Sse {

    public static final ObjectMapper JSON = new ObjectMapper();

    public record Frame(String event, String data) {
        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + data, e);
            }
        }

        public boolean done() {
            return "[DONE]".equals(data);
        }

        public String type() {
            return done() ? "[DONE]" : json().path("message_type").asText();
        }
    }

    private Sse() {
    }

    public static List<Frame> parse(String body) {
        List<Frame> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (!data.isEmpty()) {
                frames.add(new Frame(event, data.toString()));
            }
        }
        return frames;
    }
}
