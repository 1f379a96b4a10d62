package dev.engram.agent.tool.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pip_requirements: a virtualenv per set of requirements, built once and reused. No package index is reachable from
 * our machines, so the requirement is a wheel written by the test into a local directory pip installs from.
 */
class VenvsTest {

    @TempDir
    Path venvs;
    @TempDir
    Path wheels;

    /** The sandbox runs as nobody when the tests run as root: both directories must be within its reach. */
    @org.junit.jupiter.api.BeforeEach
    void open_the_directories_to_the_sandbox_user() {
        for (Path dir : List.of(venvs, wheels)) {
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
        }
        assertTrue(Sandbox.reachable(venvs), "the venv directory is the one under test, not a fallback");
    }

    @Test
    void a_requirement_from_a_local_directory_is_installed_once_and_the_tool_imports_it() throws IOException {
        wheel(wheels, "engram_greeting", "1.0", "def hello(name):\n    return 'hello ' + name\n");
        Sandbox sandbox = new Sandbox(TestSandboxConfig.defaults(venvs).withFindLinks(wheels));
        Venvs envs = new Venvs(sandbox);
        PythonRunner runner = new PythonRunner(sandbox, envs);
        List<PipRequirement> reqs = List.of(new PipRequirement("engram_greeting", "1.0"));
        String source = "import engram_greeting\ndef greet(name: str) -> str:\n    return engram_greeting.hello(name)\n";
        PythonCall call = new PythonCall(source, "greet", JsonNodeFactory.instance.objectNode().put("name", "Ada"), Map.of(), null, false, reqs, null);
        assertEquals("hello Ada", runner.call(call).await().indefinitely().output().text());
        Path venv = envs.forRequirements(reqs).await().indefinitely();
        assertTrue(Files.exists(venv.resolve(".engram-ready")));
        long built = Files.getLastModifiedTime(venv.resolve(".engram-ready")).toMillis();
        assertEquals("hello Bo", runner.call(new PythonCall(source, "greet", JsonNodeFactory.instance.objectNode().put("name", "Bo"), Map.of(),
                null, false, reqs, null)).await().indefinitely().output().text());
        assertEquals(built, Files.getLastModifiedTime(venv.resolve(".engram-ready")).toMillis(), "the venv is reused, not rebuilt");

        // without the requirement the same source cannot import it: the venv is what made it work
        PythonCall bare = new PythonCall(source, "greet", JsonNodeFactory.instance.objectNode().put("name", "Ada"), Map.of(), null, false, List.of(), null);
        dev.engram.agent.tool.ToolFailure f = assertThrows(dev.engram.agent.tool.ToolFailure.class, () -> runner.call(bare).await().indefinitely());
        assertEquals("ModuleNotFoundError", f.errorType());
    }

    @Test
    void a_requirement_pip_cannot_find_fails_with_pips_reason_and_leaves_no_venv() throws IOException {
        Sandbox sandbox = new Sandbox(TestSandboxConfig.defaults(venvs).withFindLinks(wheels));
        Venvs envs = new Venvs(sandbox);
        Venvs.VenvFailedException e = assertThrows(Venvs.VenvFailedException.class,
                () -> envs.forRequirements(List.of(new PipRequirement("no_such_package_here", null))).await().indefinitely());
        assertTrue(e.getMessage().startsWith("Could not install pip requirements [no_such_package_here]: "), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_package_here"), e.getMessage());
        try (var files = Files.list(venvs)) {
            assertEquals(0, files.count(), "a failed build leaves nothing behind");
        }
    }

    /** A pure-Python wheel: the module, and the metadata pip needs. */
    static void wheel(Path dir, String name, String version, String module) throws IOException {
        String info = name + "-" + version + ".dist-info/";
        Path file = dir.resolve(name + "-" + version + "-py3-none-any.whl");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, name + ".py", module);
            entry(zip, info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
            entry(zip, info + "WHEEL", "Wheel-Version: 1.0\nGenerator: engram-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entry(zip, info + "RECORD", name + ".py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info + "RECORD,,\n");
        }
        file.toFile().setReadable(true, false);
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
