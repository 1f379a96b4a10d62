package dev.engram.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The local addresses TCP sockets listen on, read from the kernel's tables ({@code /proc/net/tcp}, {@code tcp6}). */
final class Listeners {

    private static final String LISTEN = "0A";

    private Listeners() {
    }

    /** Every address a socket in LISTEN state is bound to on {@code port}, as the kernel writes it (hex). */
    static List<String> addresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.trim().split("\\s+");
                String[] local = cols[1].split(":");
                if (LISTEN.equals(cols[3]) && Integer.parseInt(local[1], 16) == port) {
                    out.add(local[0]);
                }
            }
        }
        return out;
    }

    /** 127.0.0.1 in the IPv4 table, or ::1 / ::ffff:127.0.0.1 in the IPv6 one. */
    static boolean isLoopback(String hex) {
        return hex.equals("0100007F") || hex.equals("00000000000000000000000001000000")
                || hex.equals("0000000000000000FFFF00000100007F");
    }
}
