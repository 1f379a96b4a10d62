package dev.engram.bench.locomo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LoCoMo conversations (read from the shared data folder at run time, never copied): every dialogue turn with its
 * session's date, and every question with its category and normalised evidence turns.
 */
record LoCoMo(List<Conversation> conversations) {

    /** Category numbers as the data uses them (see shared/data/README.md). */
    static final Map<Integer, String> CATEGORIES = Map.of(1, "multi-hop", 2, "temporal", 3, "open-domain",
            4, "single-hop", 5, "adversarial");

    /**
     * One turn. {@code caption} is the BLIP caption of a shared image, or null. {@code sessionDate} is the session's
     * date as the data writes it ("1:56 pm on 8 May, 2023"), {@code time} the same as a timestamp (UTC: the data
     * names no zone).
     */
    record Turn(String diaId, int session, String speaker, String text, String caption, String sessionDate,
                OffsetDateTime time) {
    }

    record Question(String text, int category, Set<String> evidence) {
    }

    /** @param droppedEvidence evidence ids that name no turn of the conversation (left out of the denominators) */
    record Conversation(String sampleId, List<Turn> turns, List<Question> questions, int questionsWithoutEvidence,
                        int droppedEvidence) {
    }

    private static final DateTimeFormatter SESSION_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy").toFormatter(Locale.ENGLISH);
    /** D<session>:<turn>, tolerating a stray colon after the D ("D:11:26") and leading zeros ("D30:05"). */
    private static final Pattern EVIDENCE = Pattern.compile("D:?(\\d+):(\\d+)");

    static LoCoMo load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Conversation> conversations = new ArrayList<>();
        for (JsonNode sample : root) {
            JsonNode conversation = sample.path("conversation");
            Map<Integer, JsonNode> sessions = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = conversation.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().matches("session_\\d+") && field.getValue().isArray()) {
                    sessions.put(Integer.parseInt(field.getKey().substring("session_".length())), field.getValue());
                }
            }
            List<Turn> turns = new ArrayList<>();
            Set<String> ids = new java.util.HashSet<>();
            sessions.forEach((n, session) -> {
                String date = conversation.path("session_" + n + "_date_time").asText();
                OffsetDateTime time = LocalDateTime.parse(date, SESSION_DATE).atOffset(ZoneOffset.UTC);
                for (JsonNode turn : session) {
                    String caption = turn.hasNonNull("blip_caption") ? turn.get("blip_caption").asText() : null;
                    turns.add(new Turn(turn.path("dia_id").asText(), n, turn.path("speaker").asText(),
                            turn.path("text").asText(), caption, date, time));
                    ids.add(turn.path("dia_id").asText());
                }
            });
            List<Question> questions = new ArrayList<>();
            int without = 0;
            int dropped = 0;
            for (JsonNode qa : sample.path("qa")) {
                Set<String> evidence = new LinkedHashSet<>();
                for (JsonNode e : qa.path("evidence")) {
                    for (String id : normalise(e.asText())) {
                        if (ids.contains(id)) {
                            evidence.add(id);
                        } else {
                            dropped++;
                        }
                    }
                }
                if (evidence.isEmpty()) {
                    without++;
                } else {
                    questions.add(new Question(qa.path("question").asText(), qa.path("category").asInt(), evidence));
                }
            }
            conversations.add(new Conversation(sample.path("sample_id").asText(), turns, questions, without, dropped));
        }
        return new LoCoMo(conversations);
    }

    /** Splits an evidence string on ';', ',' and blanks ("D8:6; D9:17") and rewrites each id as D<n>:<m>. */
    static List<String> normalise(String evidence) {
        List<String> out = new ArrayList<>();
        for (String part : evidence.split("[;,\\s]+")) {
            Matcher m = EVIDENCE.matcher(part.trim());
            if (m.matches()) {
                out.add("D" + Integer.parseInt(m.group(1)) + ":" + Integer.parseInt(m.group(2)));
            }
        }
        return out;
    }

    int turnCount() {
        return conversations.stream().mapToInt(c -> c.turns().size()).sum();
    }

    int questionCount() {
        return conversations.stream().mapToInt(c -> c.questions().size()).sum();
    }
}
