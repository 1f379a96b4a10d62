package dev.engram.bench.embedding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator: {@code concurrency} clients, each on its own keep-alive HTTP/1.1 connection, send the
 * prepared requests one after the other until all are answered. A minimal client on raw sockets keeps the client's
 * own CPU use small, since it shares the machine with the service.
 */
final class HttpLoad {

    /** One measured run. */
    record Result(int texts, int requests, double seconds, Latencies latencies) {
        double textsPerSecond() {
            return texts / seconds;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;

    HttpLoad(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Request bodies embedding {@code texts} in groups of {@code size}, base64-encoded as the openai clients ask. */
    static List<byte[]> bodies(List<String> texts, String model, int size) {
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += size) {
            ObjectNode body = JSON.createObjectNode().put("model", model).put("encoding_format", "base64");
            ArrayNode input = body.putArray("input");
            texts.subList(from, Math.min(texts.size(), from + size)).forEach(input::add);
            try {
                bodies.add(JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return bodies;
    }

    Result run(List<byte[]> bodies, int texts, int concurrency) throws Exception {
        List<byte[]> requests = bodies.stream().map(this::request).toList();
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                done.add(clients.submit(() -> {
                    try (Socket socket = new Socket(host, port)) {
                        socket.setTcpNoDelay(true);
                        OutputStream out = socket.getOutputStream();
                        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                        for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                            long t0 = System.nanoTime();
                            out.write(requests.get(i));
                            out.flush();
                            int status = readResponse(in);
                            latencies[i] = System.nanoTime() - t0;
                            if (status != 200) {
                                throw new IllegalStateException("request " + i + " answered HTTP " + status);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(texts, requests.size(), seconds, Latencies.of(latencies));
    }

    private byte[] request(byte[] body) {
        String head = "POST /v1/embeddings HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    /** Reads one response (Content-Length or chunked) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed by the service");
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated response");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = buffer.size();
                byte[] bytes = buffer.toByteArray();
                return new String(bytes, 0, len > 0 && bytes[len - 1] == '\r' ? len - 1 : len, StandardCharsets.US_ASCII);
            }
            buffer.write(b);
        }
        return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.US_ASCII);
    }
}
