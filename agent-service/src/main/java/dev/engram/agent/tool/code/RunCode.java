package dev.engram.agent.tool.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.tool.sandbox.Sandbox;
import dev.engram.agent.tool.sandbox.SandboxJob;
import dev.engram.agent.tool.sandbox.SandboxResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Letta's built-in {@code run_code}: a snippet of Python (run as a notebook cell: the value of a last expression is
 * its result) or JavaScript (Node.js), in the same sandbox as custom tools, with no network and none of the agent's
 * variables. The answer is Letta's JSON: {@code {"results": [...], "logs": {"stdout": [...], "stderr": [...]}}}
 * with an {@code error} when the code raised.
 */
@ApplicationScoped
public class RunCode implements Tool {

    public static final String NAME = "run_code";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String RUNNER = Sandbox.resource("/sandbox/code_runner.py");
    private static final Pattern JS_ERROR = Pattern.compile("^(\\w*Error): (.*)$", Pattern.MULTILINE);
    /** V8 reserves address space far beyond its heap: the heap is capped with its own flag instead. */
    private static final int NODE_ADDRESS_EXTRA_MB = 1536;

    private final Sandbox sandbox;

    public RunCode(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String type() {
        return "letta_builtin";
    }

    @Override
    public String description() {
        return "Run code in a sandbox. Supports Python, Javascript, Typescript, R, and Java.";
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("code").put("type", "string").put("description", "The code to run.");
        ObjectNode language = props.putObject("language").put("type", "string");
        ArrayNode values = language.putArray("enum");
        List.of("python", "js", "ts", "r", "java").forEach(values::add);
        language.put("description", "The language of the code.");
        schema.putArray("required").add("code").add("language");
        return schema;
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        JsonNode args = call.arguments();
        String code = text(args, "code");
        String language = text(args, "language");
        if (sandbox.unavailable() != null) {
            throw new ToolFailure("RuntimeError", "run_code is unavailable: " + sandbox.unavailable());
        }
        String marker = "<<engram-result-" + UUID.randomUUID() + ">>";
        SandboxJob job = switch (language) {
            case "python" -> new SandboxJob(List.of(sandbox.config().python(), "-I", Sandbox.WORKDIR + "/code_runner.py"),
                    Map.of("code_runner.py", RUNNER, "job.json", JSON.objectNode().put("code", code).put("marker", marker).toString()),
                    Map.of(), false, List.of(), List.of(), sandbox.config().timeout());
            case "js" -> new SandboxJob(List.of(sandbox.config().node(), "--max-old-space-size=" + sandbox.config().memoryMb(),
                    Sandbox.WORKDIR + "/code.js"), Map.of("code.js", code), Map.of(), false, List.of(), List.of(),
                    sandbox.config().timeout(), sandbox.config().memoryMb() + NODE_ADDRESS_EXTRA_MB);
            case "ts", "r", "java" -> throw ToolFailure.valueError("run_code cannot run " + language
                    + " on this server: it runs python and js");
            default -> throw ToolFailure.valueError("Unsupported language: " + language
                    + " (expected one of python, js, ts, r, java)");
        };
        return sandbox.run(job).map(r -> answer(r, marker, language));
    }

    private String answer(SandboxResult r, String marker, String language) {
        if (r.timedOut()) {
            throw new ToolFailure("TimeoutError", "Executing tool " + NAME + " timed out after " + sandbox.config().timeout().toSeconds()
                    + " seconds.");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode results = out.putArray("results");
        String stdout = r.stdout();
        JsonNode error = null;
        if ("python".equals(language)) {
            int at = stdout.lastIndexOf("\n" + marker + "\n");
            if (at >= 0) {
                JsonNode outcome = parse(stdout.substring(at + marker.length() + 2));
                outcome.path("results").forEach(results::add);
                error = outcome.get("error");
                stdout = stdout.substring(0, at);
            } else {
                error = crash(r);
            }
        } else if (r.exitCode() != 0) {
            error = crash(r);
        }
        ObjectNode logs = out.putObject("logs");
        logs.set("stdout", lines(stdout));
        logs.set("stderr", lines(r.stderr()));
        if (error != null && !error.isNull()) {
            out.set("error", error);
        }
        return out.toString();
    }

    /** The error of a process that ended without an outcome: its last "XxxError: message" line, else its status. */
    private static JsonNode crash(SandboxResult r) {
        Matcher m = JS_ERROR.matcher(r.stderr());
        String name = "RuntimeError";
        String value = "the process exited with status " + r.exitCode();
        while (m.find()) {
            name = m.group(1);
            value = m.group(2);
        }
        return JSON.objectNode().put("name", name).put("value", value).put("traceback", r.stderr());
    }

    /** A stream as the chunks a notebook kernel reports: one entry per line, newline kept. */
    private static ArrayNode lines(String text) {
        ArrayNode out = JSON.arrayNode();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            throw new ToolFailure("TypeError", NAME + "() missing 1 required positional argument: '" + field + "'");
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static JsonNode parse(String text) {
        try {
            return JsonText.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.objectNode();
        }
    }
}
