package dev.engram.bench.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The LoCoMo conversations: their dialogue turns (the texts to embed) and the questions with evidence turns. */
record LoCoMo(List<Conversation> conversations) {

    record Turn(String diaId, String text) {
    }

    record Question(String text, Set<String> evidence) {
    }

    record Conversation(List<Turn> turns, List<Question> questions) {
    }

    static LoCoMo load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Conversation> conversations = new ArrayList<>();
        for (JsonNode sample : root) {
            // sessions are keyed session_1, session_2, ... next to their session_N_date_time
            Map<Integer, JsonNode> sessions = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = sample.path("conversation").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().matches("session_\\d+") && field.getValue().isArray()) {
                    sessions.put(Integer.parseInt(field.getKey().substring("session_".length())), field.getValue());
                }
            }
            List<Turn> turns = new ArrayList<>();
            for (JsonNode session : sessions.values()) {
                for (JsonNode turn : session) {
                    turns.add(new Turn(turn.path("dia_id").asText(), turn.path("text").asText()));
                }
            }
            List<Question> questions = new ArrayList<>();
            for (JsonNode qa : sample.path("qa")) {
                Set<String> evidence = new java.util.HashSet<>();
                for (JsonNode e : qa.path("evidence")) {
                    evidence.addAll(Arrays.stream(e.asText().split("[;,\\s]+")).filter(s -> !s.isBlank())
                            .collect(Collectors.toSet()));
                }
                if (!evidence.isEmpty() && qa.hasNonNull("question")) {
                    questions.add(new Question(qa.path("question").asText(), evidence));
                }
            }
            conversations.add(new Conversation(turns, questions));
        }
        return new LoCoMo(conversations);
    }

    List<String> turnTexts() {
        return conversations.stream().flatMap(c -> c.turns().stream()).map(Turn::text).toList();
    }

    int questionCount() {
        return conversations.stream().mapToInt(c -> c.questions().size()).sum();
    }
}
