package dev.engram.agent.tool.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.ToolOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tool code that tries to get out of the sandbox, each attempt refused: files of the machine, the network, the
 * server's environment, a fork bomb, memory past the limit, time past the limit. Each case first shows the same
 * code works where it is allowed, so a refusal is the sandbox's doing and not a broken test.
 */
class SandboxEscapeTest {

    @TempDir
    static Path venvs;
    static PythonRunner runner;

    @BeforeAll
    static void sandbox() {
        Sandbox sandbox = new Sandbox(TestSandboxConfig.defaults(venvs));
        assertNull(sandbox.unavailable(), "bubblewrap must run on this machine (apt-get install bubblewrap)");
        runner = new PythonRunner(sandbox, new Venvs(sandbox));
    }

    static ToolOutput call(String source, String function, String args) {
        return call(source, function, args, Map.of(), false);
    }

    static ToolOutput call(String source, String function, String args, Map<String, String> env, boolean network) {
        try {
            JsonNode a = JsonText.MAPPER.readTree(args);
            return runner.call(new PythonCall(source, function, a, env, "agent-1", network, List.of(), null)).await().indefinitely().output();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_function_runs_with_its_arguments_and_what_it_prints_is_kept_apart() {
        ToolOutput out = call("""
                import sys
                def add(a: int, b: int) -> str:
                    print("adding")
                    print("careful", file=sys.stderr)
                    return str(a + b)
                """, "add", "{\"a\": 2, \"b\": 3}");
        assertEquals("5", out.text());
        assertEquals(List.of("adding\n"), out.stdout());
        assertEquals(List.of("careful\n"), out.stderr());
    }

    @Test
    void a_raised_exception_is_the_tools_error_with_the_traceback_in_stderr() {
        ToolFailure f = assertThrows(ToolFailure.class, () -> call("def div(a: int) -> str:\n    return str(a / 0)\n", "div", "{\"a\": 1}"));
        assertEquals("Error executing function div: ZeroDivisionError: division by zero", f.describe("div"));
        assertTrue(f.printed().stderr().getFirst().contains("Traceback"), f.printed().stderr().toString());
    }

    @Test
    void files_outside_the_sandbox_cannot_be_read(@TempDir Path secretDir) throws IOException {
        Path secret = secretDir.resolve("secret.txt");
        Files.writeString(secret, "top secret");
        secret.toFile().setReadable(true, false);
        secretDir.toFile().setReadable(true, false);
        secretDir.toFile().setExecutable(true, false);
        assertEquals("top secret", Files.readString(secret));
        String source = "def peek(path: str) -> str:\n    return open(path).read()\n";
        for (String path : List.of(secret.toString(), "/etc/shadow", "/root/.bashrc", "/home")) {
            ToolFailure f = assertThrows(ToolFailure.class, () -> call(source, "peek", "{\"path\": \"" + path + "\"}"), path);
            assertEquals("FileNotFoundError", f.errorType(), path + ": " + f.getMessage());
        }
        // the sandbox's process 1 is its own init: no process of the machine is visible, and its environment is empty
        assertEquals("", call(source, "peek", "{\"path\": \"/proc/1/environ\"}").text());
        String processes = call("import os\ndef ps() -> str:\n    return ','.join(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n",
                "ps", "{}").text();
        assertTrue(processes.split(",").length <= 3, processes);
        ToolOutput listing = call("import os\ndef ls() -> str:\n    return ' '.join(sorted(os.listdir('/')))\n", "ls", "{}");
        assertFalse(listing.text().contains("root") || listing.text().contains("home") || listing.text().contains("etc/passwd"), listing.text());
    }

    @Test
    void no_socket_reaches_out_when_network_is_off() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            String source = """
                    import socket
                    def connect(port: int) -> str:
                        s = socket.create_connection(("127.0.0.1", port), timeout=2)
                        s.close()
                        return "connected"
                    """;
            String args = "{\"port\": " + server.getLocalPort() + "}";
            ToolFailure f = assertThrows(ToolFailure.class, () -> call(source, "connect", args));
            assertTrue(f.errorType().endsWith("Error"), f.errorType());
            assertTrue(f.getMessage().contains("Errno"), f.getMessage());
            assertEquals("connected", call(source, "connect", args, Map.of(), true).text(), "with network allowed the same call connects");
        }
    }

    @Test
    void the_server_environment_is_not_visible_only_the_agents_variables() {
        assertTrue(System.getenv().containsKey("PATH"));
        String source = "import os, json\ndef env() -> dict:\n    return dict(os.environ)\n";
        JsonNode seen = parse(call(source, "env", "{}", Map.of("WEATHER_API_KEY", "k-123"), false).text());
        assertEquals("k-123", seen.path("WEATHER_API_KEY").asText());
        assertEquals("agent-1", seen.path("LETTA_AGENT_ID").asText());
        for (Map.Entry<String, String> host : System.getenv().entrySet()) {
            if (!List.of("PATH", "HOME", "LANG", "TMPDIR", "PYTHONDONTWRITEBYTECODE").contains(host.getKey())) {
                assertFalse(seen.path(host.getKey()).asText().equals(host.getValue()), "the server's " + host.getKey() + " leaked into the sandbox");
            }
        }
        assertEquals("/tmp", seen.path("HOME").asText());
    }

    @Test
    void a_fork_bomb_hits_the_process_limit_and_the_machine_goes_on() {
        String source = """
                import os, time
                def bomb() -> str:
                    n = 0
                    try:
                        while n < 10000:
                            if os.fork() == 0:
                                time.sleep(3)
                                os._exit(0)
                            n += 1
                    except OSError as e:
                        return f"stopped after {n}: {e.__class__.__name__}"
                    return f"forked {n}"
                """;
        String result = call(source, "bomb", "{}").text();
        assertTrue(result.startsWith("stopped after "), result);
        int forked = Integer.parseInt(result.substring("stopped after ".length(), result.indexOf(':')));
        assertTrue(forked < 32, result);
    }

    @Test
    void memory_past_the_limit_is_a_memory_error() {
        String source = "def grab(mb: int) -> str:\n    return str(len(bytearray(mb * 1024 * 1024)))\n";
        assertEquals(String.valueOf(16 * 1024 * 1024), call(source, "grab", "{\"mb\": 16}").text());
        ToolFailure f = assertThrows(ToolFailure.class, () -> call(source, "grab", "{\"mb\": 1024}"));
        assertEquals("MemoryError", f.errorType());
    }

    @Test
    void a_call_past_the_timeout_is_killed_and_reported() {
        String source = "import time\ndef slow() -> str:\n    print('started', flush=True)\n    time.sleep(60)\n    return 'late'\n";
        long start = System.nanoTime();
        ToolFailure f = assertThrows(ToolFailure.class, () -> call(source, "slow", "{}"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals("Error executing function slow: TimeoutError: Executing tool slow timed out after 5 seconds.", f.describe("slow"));
        assertEquals(List.of("started\n"), f.printed().stdout());
        assertTrue(seconds < 30, "killed at the limit, not after the sleep: " + seconds + " s");
    }

    @Test
    void a_crash_that_skips_the_result_is_an_error_not_a_hang() {
        ToolFailure f = assertThrows(ToolFailure.class, () -> call("import os\ndef die() -> str:\n    os._exit(3)\n", "die", "{}"));
        assertEquals("RuntimeError", f.errorType());
        assertTrue(f.getMessage().contains("status 3"), f.getMessage());
    }

    private static JsonNode parse(String text) {
        try {
            return JsonText.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
