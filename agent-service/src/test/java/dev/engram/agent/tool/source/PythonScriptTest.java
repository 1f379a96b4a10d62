package dev.engram.agent.tool.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser's interpreter: it never runs the tool, never sees the server's secrets, and cannot hang a request. */
class PythonScriptTest {

    @TempDir
    Path dir;

    @Test
    void tool_code_is_never_executed_while_reading_its_schema() {
        Path top = dir.resolve("top-level"), decorator = dir.resolve("decorator"), fallback = dir.resolve("default"),
                annotation = dir.resolve("annotation"), factory = dir.resolve("factory");
        String source = """
                import os
                from pydantic import BaseModel, Field
                open(%s, "w").write("ran")

                class Box(BaseModel):
                    size: int = Field(default_factory=lambda: open(%s, "w"), description="Size.")

                @__import__("os").system("touch " + %s)
                def pack(box: Box, label: open(%s, "w"), count: int = open(%s, "w")) -> str:
                    \"""Pack a box.

                    Args:
                        box: The box.
                        label: The label.
                        count: How many.
                    \"""
                """.formatted(quoted(top), quoted(factory), quoted(decorator), quoted(annotation), quoted(fallback));
        ToolSchemaException e = assertThrows(ToolSchemaException.class,
                () -> PythonToolSchemasTest.schemas("python3", Duration.ofSeconds(10)).generate(source));
        assertTrue(e.getMessage().contains("lacks a description") || e.getMessage().contains("has no corresponding"),
                e.getMessage());
        for (Path marker : new Path[] {top, decorator, fallback, annotation, factory}) {
            assertFalse(Files.exists(marker), marker + " was written: the source ran");
        }
    }

    @Test
    void interpreter_that_overruns_is_killed_with_its_children() throws Exception {
        Path python = executable("slow-python", """
                #!/bin/sh
                echo $$ > %1$s/parent.pid
                sleep 60 &
                echo $! > %1$s/child.pid
                wait
                """.formatted(dir));
        long started = System.nanoTime();
        PythonParserException e = assertThrows(PythonParserException.class,
                () -> PythonToolSchemasTest.schemas(python.toString(), Duration.ofMillis(1500)).generate("def f(): pass"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
        assertEquals("Parsing the tool's source took longer than 1500 ms; the Python parser was stopped", e.getMessage());
        for (String name : new String[] {"parent.pid", "child.pid"}) {
            long pid = Long.parseLong(Files.readString(dir.resolve(name)).strip());
            assertTrue(gone(pid), name + " " + pid + " still runs");
        }
    }

    @Test
    void interpreter_sees_only_the_variables_it_needs() throws Exception {
        Path python = executable("env-python", """
                #!/bin/sh
                env > %s/env.txt
                cat > /dev/null
                echo '{"schema":{"name":"f"},"takes_agent_state":false}'
                """.formatted(dir));
        assertEquals("f", PythonToolSchemasTest.schemas(python.toString(), Duration.ofSeconds(10)).generate("def f(): pass")
                .get("name").asText());
        Set<String> names = Files.readAllLines(dir.resolve("env.txt")).stream()
                .filter(line -> line.contains("=")).map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());
        Set<String> allowed = new HashSet<>(Arrays.asList("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR",
                "PWD", "SHLVL", "_", "OLDPWD")); // the last four the shell sets itself
        names.removeAll(allowed);
        assertEquals(Set.of(), names);
    }

    @Test
    void crashing_interpreter_is_reported_with_its_error_output() throws Exception {
        Path python = executable("broken-python", "#!/bin/sh\necho 'boom: no encodings module' >&2\nexit 3\n");
        PythonParserException e = assertThrows(PythonParserException.class,
                () -> PythonToolSchemasTest.schemas(python.toString(), Duration.ofSeconds(10)).generate("def f(): pass"));
        assertEquals("The Python parser failed (exit 3): boom: no encodings module", e.getMessage());
    }

    @Test
    void missing_interpreter_is_reported_as_unavailable() {
        PythonParserException e = assertThrows(PythonParserException.class,
                () -> PythonToolSchemasTest.schemas(dir.resolve("no-python").toString(), Duration.ofSeconds(10))
                        .generate("def f(): pass"));
        assertTrue(e.getMessage().startsWith("Cannot start the Python interpreter '" + dir.resolve("no-python") + "'"),
                e.getMessage());
    }

    private Path executable(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static String quoted(Path path) {
        return "\"" + path + "\"";
    }

    /** Killing is asynchronous: give the kernel a moment. */
    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
