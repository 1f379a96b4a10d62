package dev.engram.agent.tool.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.memory.Block;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.ToolOutput;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls a Python function from its source in the sandbox and reads back what it returned, printed and raised, the
 * way Letta's local sandbox reports it: stdout and stderr each as one entry, a raised exception as
 * {@code Error executing function f: ZeroDivisionError: division by zero}, a timeout as a TimeoutError.
 */
@ApplicationScoped
public class PythonRunner {

    private static final String RUNNER = Sandbox.resource("/sandbox/tool_runner.py");
    /** The last "SomethingError: message" line of a traceback, as Letta reads the error of a crashed tool. */
    private static final Pattern ERROR_LINE = Pattern.compile("(\\w+(?:Error|Exception)): (.+?)$");

    private final Sandbox sandbox;
    private final Venvs venvs;

    public PythonRunner(Sandbox sandbox, Venvs venvs) {
        this.sandbox = sandbox;
        this.venvs = venvs;
    }

    /** What a call came to: its output, and the blocks it changed through {@code agent_state} (label → new value). */
    public record Result(ToolOutput output, Map<String, String> changedBlocks) {
    }

    /** Runs the call; a failure of the function is a {@link ToolFailure} that carries what it printed. */
    public Uni<Result> call(PythonCall call) {
        return venvs.forRequirements(call.requirements())
                .onFailure(Venvs.VenvFailedException.class).transform(e -> new ToolFailure("RuntimeError", e.getMessage()))
                .chain(venv -> {
            String marker = "<<engram-result-" + UUID.randomUUID() + ">>";
            Map<String, String> env = new LinkedHashMap<>(call.environment());
            if (call.agentId() != null) {
                env.put("LETTA_AGENT_ID", call.agentId());
            }
            String python = venv == null ? sandbox.config().python() : venv.resolve("bin").resolve("python3").toString();
            SandboxJob job = new SandboxJob(List.of(python, "-I", Sandbox.WORKDIR + "/tool_runner.py"),
                    Map.of("tool_runner.py", RUNNER, "job.json", job(call, marker)), env, call.network(),
                    venv == null ? List.of() : List.of(venv), List.of(), sandbox.config().timeout());
            return sandbox.run(job).map(r -> read(call.function(), r, marker));
        });
    }

    private String job(PythonCall call, String marker) {
        ObjectNode job = JsonText.MAPPER.createObjectNode();
        job.put("source", call.source());
        job.put("function", call.function());
        job.set("args", call.arguments() == null ? JsonText.MAPPER.createObjectNode() : call.arguments());
        job.put("marker", marker);
        if (call.blocks() != null) {
            ObjectNode state = job.putObject("agent_state");
            state.put("id", call.agentId());
            ArrayNode blocks = state.putArray("blocks");
            for (Block b : call.blocks()) {
                blocks.addObject().put("label", b.label()).put("value", b.value()).put("limit", b.limit())
                        .put("description", b.description()).put("read_only", b.readOnly());
            }
        }
        return job.toString();
    }

    Result read(String function, SandboxResult r, String marker) {
        if (r.timedOut()) {
            throw new ToolFailure("TimeoutError", "Executing tool " + function + " timed out after "
                    + sandbox.config().timeout().toSeconds() + " seconds.", printed(r.stdout(), r.stderr()));
        }
        int at = r.stdout().lastIndexOf("\n" + marker + "\n");
        String stdout = at < 0 ? r.stdout() : r.stdout().substring(0, at);
        ToolOutput printed = printed(stdout, r.stderr());
        if (at < 0) {
            throw crashed(r, printed);
        }
        JsonNode outcome;
        try {
            outcome = JsonText.MAPPER.readTree(r.stdout().substring(at + marker.length() + 2));
        } catch (JsonProcessingException e) {
            throw crashed(r, printed);
        }
        if (!outcome.path("ok").asBoolean()) {
            throw new ToolFailure(outcome.path("error_type").asText("Exception"), outcome.path("error").asText(""), printed);
        }
        JsonNode value = outcome.get("value");
        String text = "json".equals(outcome.path("kind").asText()) ? value.toString() : value.asText();
        Map<String, String> changed = new LinkedHashMap<>();
        outcome.path("blocks").properties().forEach(e -> changed.put(e.getKey(), e.getValue().asText()));
        return new Result(new ToolOutput(text, printed.stdout(), printed.stderr()), changed);
    }

    /** The process ended without a result: killed (memory, a signal), or the interpreter itself failed. */
    private static ToolFailure crashed(SandboxResult r, ToolOutput printed) {
        String[] lines = r.stderr().split("\n");
        for (int i = lines.length - 1; i >= Math.max(0, lines.length - 3); i--) {
            Matcher m = ERROR_LINE.matcher(lines[i]);
            if (m.find()) {
                return new ToolFailure(m.group(1), m.group(2), printed);
            }
        }
        String how = r.exitCode() > 128 ? "was killed by signal " + (r.exitCode() - 128) : "exited with status " + r.exitCode();
        return new ToolFailure("RuntimeError", "the tool's process " + how + " before it returned", printed);
    }

    /** Letta's lists: the whole stream as one entry, empty when nothing was printed. */
    private static ToolOutput printed(String stdout, String stderr) {
        return new ToolOutput(null, stdout.isEmpty() ? List.of() : List.of(stdout), stderr.isEmpty() ? List.of() : List.of(stderr));
    }
}
