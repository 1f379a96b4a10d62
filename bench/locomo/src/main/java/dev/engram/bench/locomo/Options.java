package dev.engram.bench.locomo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of the benchmark. */
record Options(Path root, Path data, boolean quality, boolean scale, List<Integer> scaleSizes, boolean explore) {

    static final String USAGE = """
            usage: bench/locomo/run.sh [--data path/to/locomo10.json] [--skip-quality] [--skip-scale]
                                       [--scale-sizes 10000,100000,1000000] [--explore]
              --data         LoCoMo file (default: ../shared/data/locomo10.json next to the repository)
              --skip-quality skip the LoCoMo retrieval part
              --skip-scale   skip the latency / ingest part
              --scale-sizes  passages per scale step; a size of 1,000,000 or more is spread over 1,000 agents,
                             a smaller one is a single agent (default 10000,100000,1000000)
              --explore      also print the fusion and query experiments behind the chosen defaults
            """;

    static Options parse(String[] args) {
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path data = null;
        boolean quality = true;
        boolean scale = true;
        boolean explore = false;
        List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--skip-quality" -> quality = false;
                case "--skip-scale" -> scale = false;
                case "--explore" -> explore = true;
                case "--scale-sizes" -> {
                    List<Integer> parsed = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        parsed.add(Integer.parseInt(s.trim().replace("_", "")));
                    }
                    sizes = List.copyOf(parsed);
                }
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            data = root.resolve("../shared/data/locomo10.json").normalize();
        }
        return new Options(root, data, quality, scale, sizes, explore);
    }
}
