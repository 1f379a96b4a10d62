package dev.engram.bench.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding benchmark. In one run on one machine, over the LoCoMo dialogue turns:
 * <ol>
 * <li>the in-process ceiling: the model's own {@code embedAll} throughput, and its single-text and 32-text latency;</li>
 * <li>embedding-service with micro-batching at concurrency 1, 8 and 64, with requests of 1 and of 32 texts;</li>
 * <li>the same service with batching switched off (the naive baseline);</li>
 * <li>retrieval quality of the quantized and full-precision models on LoCoMo's questions (skip: --skip-quality).</li>
 * </ol>
 * The service runs with its cache off so that every text reaches the model.
 */
public final class EmbeddingBench {

    private static final int[] REQUEST_SIZES = {1, 32};
    private static final int[] CONCURRENCY = {1, 8, 64};

    private record Row(int size, int concurrency, HttpLoad.Result result) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path jar = Path.of(options.getOrDefault("service", "embedding-service/target/quarkus-app/quarkus-run.jar"));
        Path data = Path.of(options.getOrDefault("data", "../shared/data/locomo10.json"));
        int port = Integer.parseInt(options.getOrDefault("port", "18285"));
        String model = options.getOrDefault("model", "local/all-minilm-l6-v2-q");

        LoCoMo locomo = LoCoMo.load(data);
        List<String> texts = locomo.turnTexts();
        System.out.printf("Engram embedding benchmark: %d LoCoMo turns (mean %.0f chars), model %s%n", texts.size(),
                texts.stream().mapToInt(String::length).average().orElse(0), model);
        System.out.printf("machine: %d CPUs, JDK %s, %s %s, load average at start: %s%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"), loadAverage());

        // 1. in-process
        EmbeddingModel inProcess = localModel(model);
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        inProcess.embedAll(segments.subList(0, 500)); // warm-up
        long t0 = System.nanoTime();
        List<float[]> turnVectors = new ArrayList<>(texts.size());
        inProcess.embedAll(segments).content().forEach(e -> turnVectors.add(e.vector()));
        double ceiling = texts.size() / ((System.nanoTime() - t0) / 1e9);
        long[] single = new long[1000];
        for (int i = 0; i < single.length; i++) {
            long s = System.nanoTime();
            inProcess.embed(texts.get(i * 5));
            single[i] = System.nanoTime() - s;
        }
        long[] batch32 = new long[100];
        for (int i = 0; i < batch32.length; i++) {
            long s = System.nanoTime();
            inProcess.embedAll(segments.subList(i * 32, i * 32 + 32));
            batch32[i] = System.nanoTime() - s;
        }
        Latencies singleLat = Latencies.of(single);
        Latencies batchLat = Latencies.of(batch32);
        EmbeddingModel laneSettings = new LaneSettingsModel(model.substring("local/".length()));
        laneSettings.embedAll(segments.subList(0, 500)); // warm-up
        t0 = System.nanoTime();
        laneSettings.embedAll(segments);
        double tuned = texts.size() / ((System.nanoTime() - t0) / 1e9);
        long[] tunedSingle = new long[1000];
        for (int i = 0; i < tunedSingle.length; i++) {
            long s = System.nanoTime();
            laneSettings.embed(texts.get(i * 5));
            tunedSingle[i] = System.nanoTime() - s;
        }
        Latencies tunedLat = Latencies.of(tunedSingle);
        System.out.println("1. in-process (LangChain4j, no HTTP)");
        System.out.printf("   embedAll(%d texts): %.0f texts/s  <- ceiling (the model class as LangChain4j ships it)%n",
                texts.size(), ceiling);
        System.out.printf("   embed(1 text):      p50 %.2f ms  p99 %.2f ms%n", singleLat.p50(), singleLat.p99());
        System.out.printf("   embedAll(32 texts): p50 %.2f ms  p99 %.2f ms%n", batchLat.p50(), batchLat.p99());
        System.out.println("   with the service's ONNX session settings (1 thread per call, no spin-waiting):");
        System.out.printf("   embedAll(%d texts): %.0f texts/s%n", texts.size(), tuned);
        System.out.printf("   embed(1 text):      p50 %.2f ms  p99 %.2f ms%n%n", tunedLat.p50(), tunedLat.p99());

        // 2 and 3. the service, batched then naive
        Map<Integer, List<byte[]>> bodies = new HashMap<>();
        for (int size : REQUEST_SIZES) {
            bodies.put(size, HttpLoad.bodies(texts, model, size));
        }
        Map<String, List<Row>> runs = new LinkedHashMap<>();
        for (boolean batching : new boolean[] {true, false}) {
            String name = batching ? "batched" : "naive";
            try (ServiceProcess ignored = ServiceProcess.start(jar, port, Map.of(
                    "engram.embedding.batching.enabled", String.valueOf(batching),
                    "engram.embedding.cache.max-entries", "0",
                    "engram.embedding.default-model", model))) {
                sanityCheck(port, model);
                HttpLoad load = new HttpLoad("127.0.0.1", port);
                load.run(bodies.get(1).subList(0, 400), 400, 8); // warm-up
                load.run(bodies.get(32).subList(0, 20), 640, 8);
                List<Row> rows = new ArrayList<>();
                for (int size : REQUEST_SIZES) {
                    for (int c : CONCURRENCY) {
                        rows.add(new Row(size, c, load.run(bodies.get(size), texts.size(), c)));
                    }
                }
                runs.put(name, rows);
            }
        }
        printService("2. service, micro-batching on", runs.get("batched"), ceiling, null);
        printService("3. service, batching off (naive baseline)", runs.get("naive"), ceiling, null);
        printService("service/naive (batched vs naive, same row)", runs.get("batched"), ceiling, runs.get("naive"));

        Row one = runs.get("batched").get(0);
        double served = one.result().latencies().p50();
        System.out.printf("single text at concurrency 1: service p50 %.2f ms; overhead %.2f ms over in-process embed() as"
                + " shipped (p50 %.2f ms), %.2f ms over the same session settings (p50 %.2f ms)%n", served,
                served - singleLat.p50(), singleLat.p50(), served - tunedLat.p50(), tunedLat.p50());
        for (Row r : runs.get("batched")) {
            if (r.concurrency() == 64) {
                System.out.printf("concurrency 64, %2d-text requests: service %.0f texts/s = %.2f of the ceiling,"
                        + " %.2f of in-process with the same session settings%n", r.size(),
                        r.result().textsPerSecond(), r.result().textsPerSecond() / ceiling,
                        r.result().textsPerSecond() / tuned);
            }
        }
        System.out.println();

        // 4. quality
        if (!options.containsKey("skip-quality")) {
            quality(locomo, model, inProcess, turnVectors, segments);
        }
        System.out.printf("%nload average at the end: %s%n", loadAverage());
        System.exit(0); // the ONNX runtime's threads are not daemons
    }

    private static void quality(LoCoMo locomo, String model, EmbeddingModel inProcess, List<float[]> turnVectors,
            List<TextSegment> segments) {
        boolean quantized = model.endsWith("-q");
        EmbeddingModel other = quantized ? new AllMiniLmL6V2EmbeddingModel() : new AllMiniLmL6V2QuantizedEmbeddingModel();
        String otherName = quantized ? "local/all-minilm-l6-v2" : "local/all-minilm-l6-v2-q";
        other.embedAll(segments.subList(0, 500)); // warm-up
        long t0 = System.nanoTime();
        List<float[]> otherVectors = new ArrayList<>(segments.size());
        other.embedAll(segments).content().forEach(e -> otherVectors.add(e.vector()));
        double otherThroughput = segments.size() / ((System.nanoTime() - t0) / 1e9);
        Quality.Score mine = Quality.score(locomo, inProcess, turnVectors);
        Quality.Score theirs = Quality.score(locomo, other, otherVectors);
        System.out.printf("4. retrieval quality on LoCoMo (%d questions with evidence; hit@k = an evidence turn in the top k)%n",
                mine.questions());
        System.out.printf("   %-26s hit@5 %.3f  hit@10 %.3f%n", model, mine.hitAt5(), mine.hitAt10());
        System.out.printf("   %-26s hit@5 %.3f  hit@10 %.3f  (in-process embedAll %.0f texts/s)%n", otherName,
                theirs.hitAt5(), theirs.hitAt10(), otherThroughput);
        System.out.printf("   mean cosine between the two models' vectors of the same turn: %.4f%n",
                Quality.agreement(turnVectors, otherVectors));
    }

    private static void printService(String title, List<Row> rows, double ceiling, List<Row> naive) {
        System.out.println(title);
        if (naive == null) {
            System.out.println("   texts/request  concurrency   texts/s   p50 ms    p99 ms   /ceiling");
            for (Row r : rows) {
                System.out.printf("   %13d  %11d  %8.0f  %7.2f  %8.2f  %9.2f%n", r.size(), r.concurrency(),
                        r.result().textsPerSecond(), r.result().latencies().p50(), r.result().latencies().p99(),
                        r.result().textsPerSecond() / ceiling);
            }
        } else {
            System.out.println("   texts/request  concurrency  batched/naive texts/s  p50 batched/naive ms  p99 batched/naive ms");
            for (int i = 0; i < rows.size(); i++) {
                Row b = rows.get(i);
                Row n = naive.get(i);
                System.out.printf("   %13d  %11d  %8.2f  (%4.0f/%4.0f)  %8.2f / %-8.2f  %8.2f / %-8.2f%n", b.size(),
                        b.concurrency(), b.result().textsPerSecond() / n.result().textsPerSecond(),
                        b.result().textsPerSecond(), n.result().textsPerSecond(), b.result().latencies().p50(),
                        n.result().latencies().p50(), b.result().latencies().p99(), n.result().latencies().p99());
            }
        }
        System.out.println();
    }

    /** One real request, read in full: the service answers what the benchmark thinks it asks. */
    private static void sanityCheck(int port, String model) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"input\":[\"one\",\"two\"],\"encoding_format\":\"base64\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"index\":1")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + ": " + response.body());
        }
    }

    /** The 1-minute load average, to tell a quiet machine from a shared one. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static EmbeddingModel localModel(String handle) {
        return switch (handle) {
            case "local/all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            case "local/all-minilm-l6-v2" -> new AllMiniLmL6V2EmbeddingModel();
            default -> throw new IllegalArgumentException("the benchmark measures local models only, not " + handle);
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("skip-quality")) {
                options.put(key, "true");
            } else {
                options.put(key, args[++i]);
            }
        }
        return options;
    }
}
