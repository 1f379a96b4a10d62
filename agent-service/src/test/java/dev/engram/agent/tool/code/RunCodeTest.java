package dev.engram.agent.tool.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.sandbox.Sandbox;
import dev.engram.agent.tool.sandbox.TestSandboxConfig;
import dev.engram.agent.web.Actor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run_code answers as Letta's does (results, logs, error) for Python and JavaScript, in the sandbox. */
class RunCodeTest {

    static RunCode tool;

    @BeforeAll
    static void sandbox() {
        tool = new RunCode(new Sandbox(TestSandboxConfig.defaults(Path.of("target", "venvs"))));
    }

    static JsonNode run(String code, String language) {
        ToolCallContext call = ToolCallContext.direct(new Actor("org-1", "user-1"), "agent-1", "k",
                JsonText.MAPPER.valueToTree(Map.of("code", code, "language", language)), null, null, Map.of("SECRET", "s"));
        try {
            return JsonText.MAPPER.readTree(tool.execute(call).await().indefinitely());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void python_prints_go_to_stdout_and_a_last_expression_is_the_result() {
        JsonNode out = run("import math\nprint('hello')\nmath.sqrt(16) + 1", "python");
        assertEquals("[\"5.0\"]", out.path("results").toString());
        assertEquals("[\"hello\\n\"]", out.path("logs").path("stdout").toString());
        assertEquals("[]", out.path("logs").path("stderr").toString());
        assertFalse(out.has("error"));
    }

    @Test
    void a_python_exception_is_the_error_with_its_traceback() {
        JsonNode out = run("print('before')\n1 / 0", "python");
        assertEquals("ZeroDivisionError", out.path("error").path("name").asText());
        assertEquals("division by zero", out.path("error").path("value").asText());
        assertTrue(out.path("error").path("traceback").asText().contains("Traceback"));
        assertEquals("[\"before\\n\"]", out.path("logs").path("stdout").toString());
    }

    @Test
    void javascript_runs_with_node_and_its_errors_are_named() {
        JsonNode ok = run("console.log([1, 2, 3].map(x => x * 2).join(','))", "js");
        assertEquals("[\"2,4,6\\n\"]", ok.path("logs").path("stdout").toString());
        assertFalse(ok.has("error"));
        JsonNode bad = run("console.log('start'); undefinedThing()", "js");
        assertEquals("ReferenceError", bad.path("error").path("name").asText());
        assertEquals("undefinedThing is not defined", bad.path("error").path("value").asText());
        assertEquals("[\"start\\n\"]", bad.path("logs").path("stdout").toString());
    }

    @Test
    void the_snippet_sees_no_agent_variables_and_no_network() {
        JsonNode out = run("import os, socket\nprint(os.environ.get('SECRET'))\nsocket.create_connection(('1.1.1.1', 53), timeout=2)", "python");
        assertEquals("[\"None\\n\"]", out.path("logs").path("stdout").toString());
        assertTrue(out.path("error").path("value").asText().contains("Errno"), out.toString());
    }

    @Test
    void languages_not_installed_here_are_a_clear_error() {
        ToolFailure f = assertThrows(ToolFailure.class, () -> run("1", "r"));
        assertEquals("Error executing function run_code: ValueError: run_code cannot run r on this server: it runs python and js",
                f.describe("run_code"));
    }
}
