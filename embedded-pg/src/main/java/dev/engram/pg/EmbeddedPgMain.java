package dev.engram.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded PostgreSQL of {@code ./engram up} in the foreground until it gets SIGTERM.
 * Arguments: {@code <data-dir> <port> <database> <uri-file>}; the URI is written to the file once the server accepts
 * connections, so the launcher knows when it is ready.
 */
public final class EmbeddedPgMain {

    private EmbeddedPgMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: EmbeddedPgMain <data-dir> <port> <database> <uri-file>");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        Path uriFile = Path.of(args[3]).toAbsolutePath();
        Files.deleteIfExists(uriFile);

        EmbeddedPg pg = EmbeddedPg.start(dataDir.resolve("data"), dataDir.resolve("bin"), port, database);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
                Files.deleteIfExists(uriFile);
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "embedded-pg-stop"));
        Files.writeString(uriFile, pg.uri() + "\n");
        System.out.println("PostgreSQL ready on port " + pg.port() + ", database " + database);
        stopped.await();
    }
}
