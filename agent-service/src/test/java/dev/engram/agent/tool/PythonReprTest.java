package dev.engram.agent.tool;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PythonReprTest {

    @Test
    void a_reply_reads_as_python_writes_a_dict_of_a_string_and_a_list() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("agent_id", "agent-1");
        reply.put("response", List.of("Paris.", "Anything else?"));
        assertEquals("{'agent_id': 'agent-1', 'response': ['Paris.', 'Anything else?']}", PythonRepr.of(reply));
        assertEquals("[]", PythonRepr.of(List.of()));
    }

    @Test
    void strings_are_quoted_and_escaped_as_python_does() {
        assertEquals("\"it's\"", PythonRepr.string("it's"));
        assertEquals("'say \"hi\"'", PythonRepr.string("say \"hi\""));
        assertEquals("'it\\'s \"both\"'", PythonRepr.string("it's \"both\""));
        assertEquals("'a\\nb\\tc\\\\d'", PythonRepr.string("a\nb\tc\\d"));
        assertEquals("'bell\\x07'", PythonRepr.string("bell\u0007"));
        assertEquals("'café 👋'", PythonRepr.string("café 👋"));
    }
}
