package dev.engram.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What keeping provider traces costs per step ({@link PairedRuns}: two suites side by side, both without auth): one
 * with traces (the default), one with {@code ENGRAM_PROVIDER_TRACES_ENABLED=false}. Also prints the size of the traces
 * kept, read back through {@code GET /v1/steps/{id}/trace}.
 */
public final class TracesBench {

    public static void main(String[] args) throws Exception {
        System.out.println("Engram provider-traces benchmark: per-step overhead with each step's model request and answer kept, against not");
        PairedRuns.machine();
        try (PairedRuns paired = new PairedRuns(args)) {
            Path onHome = Files.createTempDirectory("engram-traces-bench");
            Path offHome = Files.createTempDirectory("engram-no-traces-bench");
            try (Suite on = new Suite(paired.root, onHome, paired.env(Map.of("ENGRAM_AUTH", "none")));
                 Suite off = new Suite(paired.root, offHome, paired.env(Map.of("ENGRAM_AUTH", "none", "ENGRAM_PROVIDER_TRACES_ENABLED", "false")))) {
                on.up();
                off.up();
                System.out.printf("suites: traces in %s, no traces in %s%n%n", onHome, offHome);
                Api onApi = new Api(on.baseUrl());
                PairedRuns.Result r = paired.measure(onApi, new Api(off.baseUrl()));
                System.out.println("| suite | server overhead per step p50 / p99 (ms) |");
                System.out.println("|---|---|");
                System.out.printf("| baseline: ENGRAM_PROVIDER_TRACES_ENABLED=false | %.2f / %.2f |%n", r.b().p50(), r.b().p99());
                System.out.printf("| provider traces kept (the default) | %.2f / %.2f |%n", r.a().p50(), r.a().p99());
                System.out.printf("traces / no traces overhead: p50 %.2fx, p99 %.2fx%n", r.a().p50() / r.b().p50(), r.a().p99() / r.b().p99());
                traceSizes(onApi, r.agentsA());
            }
        }
        System.out.printf("%nload average at the end: %s%n", Processes.loadAverage());
    }

    /** The size of the newest trace of each agent (its request grows with the agent's history). */
    private static void traceSizes(Api api, List<String> agents) throws Exception {
        long requestChars = 0;
        long responseChars = 0;
        for (String agent : agents) {
            JsonNode run = api.get("/v1/runs/?agent_id=" + agent + "&limit=1");
            String step = api.get("/v1/runs/" + run.path(0).path("id").asText() + "/steps?limit=1").path(0).path("id").asText();
            JsonNode trace = api.get("/v1/steps/" + step + "/trace");
            requestChars += trace.path("request_json").toString().length();
            responseChars += trace.path("response_json").toString().length();
        }
        int messagesEach = api.get("/v1/agents/" + agents.getFirst() + "/messages?limit=1000").size();
        System.out.printf("trace size of an agent's last step (about %d messages in its history): request %.1f kB, answer %.1f kB "
                + "(mean of %d agents; stored as text, compressed by PostgreSQL beyond 2 kB)%n",
                messagesEach, requestChars / 1024.0 / agents.size(), responseChars / 1024.0 / agents.size(), agents.size());
    }
}
