package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.web.Actor;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fetch_webpage against a local HTTP server: what it makes of pages, and what it refuses to reach. */
class FetchWebpageTest {

    private static final String ARTICLE = """
            <!DOCTYPE html>
            <html><head><title>Otters of the Pacific</title>
              <style>body { color: red; } .secret-style {}</style>
              <script>var secretScript = "do not show";</script>
            </head>
            <body>
              <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
              <h1>Otters of the Pacific</h1>
              <p>Sea otters use <b>rocks</b> as tools
                 to open shells.</p>
              <h2>Diet</h2>
              <ul><li>Sea urchins</li><li>Clams <i>and</i> mussels</li></ul>
              <pre>otters = ["Enhydra lutris"]
            print(otters)</pre>
              <table><tr><th>Species</th><th>Weight</th></tr><tr><td>Sea otter</td><td>45 kg</td></tr></table>
              <script>document.write("late script");</script>
              <noscript>Enable JavaScript</noscript>
              <footer>Copyright 2025</footer>
            </body></html>""";

    private static Vertx vertx;
    private final LocalHttpServer pages = new LocalHttpServer();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        pages.close();
    }

    /** The local server is on 127.0.0.1: these tests allow just that address, as an operator would allow a network. */
    private static TestWebConfig local() {
        return TestWebConfig.defaults().allowing("127.0.0.1/32");
    }

    private static String fetch(TestWebConfig config, String url) {
        return fetch(new FetchWebpage(vertx, config), url);
    }

    private static String fetch(FetchWebpage tool, String url) {
        return tool.execute(call(url)).await().atMost(Duration.ofSeconds(20));
    }

    private static ToolFailure failure(TestWebConfig config, String url) {
        return failure(new FetchWebpage(vertx, config), url);
    }

    private static ToolFailure failure(FetchWebpage tool, String url) {
        return assertThrows(ToolFailure.class, () -> fetch(tool, url));
    }

    private static ToolCallContext call(String url) {
        return ToolCallContext.direct(Actor.ofUser(null), "agent-test", "key", JsonNodeFactory.instance.objectNode().put("url", url),
                null, null, Map.of());
    }

    /** A resolver that knows a few test names, and counts its lookups. */
    private static final class Names implements HostResolver {
        final Map<String, List<String>> names;
        final List<String> lookups = new ArrayList<>();

        Names(Map<String, List<String>> names) {
            this.names = names;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups.add(host);
            List<String> addresses = names.get(host);
            if (addresses == null && host.matches("[0-9.]+|.*:.*")) {
                return List.of(InetAddress.getByName(host)); // a literal, as the system resolver answers it
            }
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : addresses) {
                out.add(InetAddress.getByName(a));
            }
            return out;
        }
    }

    @Test
    void an_html_page_becomes_readable_text_with_its_title_and_without_scripts_styles_or_navigation() {
        pages.route("/otters", LocalHttpServer.page("text/html; charset=utf-8", ARTICLE));
        String text = fetch(local(), pages.url("/otters"));
        assertEquals("""
                # Otters of the Pacific

                Sea otters use rocks as tools to open shells.

                ## Diet

                - Sea urchins
                - Clams and mussels

                ```
                otters = ["Enhydra lutris"]
                print(otters)
                ```

                Species | Weight
                Sea otter | 45 kg""", text);
        for (String hidden : List.of("secretScript", "late script", "color: red", "secret-style", "About us", "Copyright", "Enable JavaScript")) {
            assertFalse(text.contains(hidden), hidden + " leaked into: " + text);
        }
        LocalHttpServer.Received request = pages.received().getFirst();
        assertEquals("GET", request.method());
        assertEquals("engram-test", request.header("User-Agent"));
    }

    @Test
    void the_main_element_is_the_content_when_the_page_marks_one() {
        pages.route("/doc", LocalHttpServer.page("text/html", "<html><head><title>Docs</title></head><body>"
                + "<div class=sidebar>Sidebar links</div><main><h2>Install</h2><p>Run <code>make</code>.</p></main></body></html>"));
        assertEquals("# Docs\n\n## Install\n\nRun `make`.", fetch(local(), pages.url("/doc")));
    }

    @Test
    void text_and_json_pass_through_as_they_are_in_their_charset() {
        pages.route("/notes.txt", LocalHttpServer.page("text/plain; charset=utf-8", "line one\n  line two: café\n"));
        pages.route("/data", LocalHttpServer.page("application/json", "{\"a\": [1, 2]}"));
        pages.route("/latin1", (r, ex) -> LocalHttpServer.respond(ex, 200, "text/plain; charset=ISO-8859-1",
                "naïve".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals("line one\n  line two: café\n", fetch(local(), pages.url("/notes.txt")));
        assertEquals("{\"a\": [1, 2]}", fetch(local(), pages.url("/data")));
        assertEquals("naïve", fetch(local(), pages.url("/latin1")));
    }

    @Test
    void a_page_without_content_type_is_read_by_its_bytes() {
        pages.route("/html", (r, ex) -> LocalHttpServer.respond(ex, 200, null, "<!doctype html><title>T</title><p>Body text</p>"));
        pages.route("/bin", (r, ex) -> LocalHttpServer.respond(ex, 200, "application/octet-stream", new byte[] {'P', 'K', 3, 4, 0, 0, 1}));
        assertEquals("# T\n\nBody text", fetch(local(), pages.url("/html")));
        ToolFailure binary = failure(local(), pages.url("/bin"));
        assertTrue(binary.getMessage().contains("binary content"), binary.getMessage());
    }

    @Test
    void binary_content_is_a_clear_error() {
        pages.route("/logo.png", (r, ex) -> LocalHttpServer.respond(ex, 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0}));
        ToolFailure f = failure(local(), pages.url("/logo.png"));
        assertEquals("ValueError", f.errorType());
        assertEquals(pages.url("/logo.png") + " is binary content (image/png), not a web page or text; fetch_webpage reads HTML "
                + "and text only", f.getMessage());
    }

    @Test
    void loopback_is_refused_by_default_without_connecting_and_the_error_names_the_reason() {
        pages.route("/", LocalHttpServer.page("text/plain", "secret admin page"));
        ToolFailure f = failure(TestWebConfig.defaults(), pages.url("/admin"));
        assertEquals("ValueError", f.errorType());
        assertEquals("refused to fetch " + pages.url("/admin") + ": 127.0.0.1, a loopback address; fetch_webpage only reaches public "
                + "addresses (engram.tools.web.allow-private-addresses allows others)", f.getMessage());
        assertEquals("Error executing function fetch_webpage: ValueError: refused to fetch " + pages.url("/admin") + ": 127.0.0.1, a "
                + "loopback address; fetch_webpage only reaches public addresses (engram.tools.web.allow-private-addresses allows others)",
                f.describe("fetch_webpage"));
        ToolFailure localhost = failure(TestWebConfig.defaults(), "http://localhost:" + pages.port() + "/admin");
        assertTrue(localhost.getMessage().contains("localhost resolves to 127.0.0.1, a loopback address"), localhost.getMessage());
        assertTrue(pages.received().isEmpty(), "no request reached the server");
    }

    @Test
    void allow_private_addresses_lets_the_tool_reach_the_local_server() {
        pages.route("/", LocalHttpServer.page("text/plain", "local wiki"));
        assertEquals("local wiki", fetch(TestWebConfig.defaults().allowingPrivate(), pages.url("/")));
        assertEquals("local wiki", fetch(TestWebConfig.defaults().allowingPrivate(), "http://localhost:" + pages.port() + "/"));
    }

    @Test
    void private_link_local_metadata_cgnat_ula_and_multicast_targets_are_refused() {
        Map<String, String> expected = Map.of(
                "http://10.1.2.3/", "10.1.2.3, a private address (RFC 1918)",
                "http://192.168.0.10:8080/", "192.168.0.10, a private address (RFC 1918)",
                "http://172.20.0.5/", "172.20.0.5, a private address (RFC 1918)",
                "http://169.254.169.254/latest/meta-data/", "169.254.169.254, the cloud metadata address",
                "http://169.254.10.1/", "169.254.10.1, a link-local address",
                "http://100.100.100.200/", "100.100.100.200, a shared address (carrier-grade NAT, 100.64.0.0/10)",
                "http://0.0.0.0:" + pages.port() + "/", "0.0.0.0, an unspecified address (0.0.0.0/8)",
                "http://[::1]:" + pages.port() + "/", "0:0:0:0:0:0:0:1, a loopback address",
                "http://[fd00:ec2::254]/", "fd00:ec2:0:0:0:0:0:254, a unique local address (fc00::/7)",
                "http://224.0.0.251/", "224.0.0.251, a multicast address");
        FetchWebpage tool = new FetchWebpage(vertx, TestWebConfig.defaults());
        expected.forEach((url, reason) -> {
            ToolFailure f = failure(tool, url);
            assertTrue(f.getMessage().contains(reason), url + ": " + f.getMessage());
        });
        assertTrue(pages.received().isEmpty());
    }

    @Test
    void a_name_is_refused_when_any_of_its_addresses_is_private() {
        Names names = new Names(Map.of("mixed.example.test", List.of("93.184.216.34", "10.0.0.7")));
        ToolFailure f = failure(new FetchWebpage(vertx, TestWebConfig.defaults(), names), "https://mixed.example.test/page");
        assertEquals("refused to fetch https://mixed.example.test/page: mixed.example.test resolves to 10.0.0.7, a private address "
                + "(RFC 1918); fetch_webpage only reaches public addresses (engram.tools.web.allow-private-addresses allows others)",
                f.getMessage());
    }

    @Test
    void the_connection_goes_to_the_address_checked_with_the_name_in_the_host_header() {
        pages.route("/", LocalHttpServer.page("text/plain", "hello"));
        Names names = new Names(Map.of("docs.example.test", List.of("127.0.0.1")));
        // the name exists only in this resolver: the page arrives only if the checked address is the one connected to
        assertEquals("hello", fetch(new FetchWebpage(vertx, local(), names), "http://docs.example.test:" + pages.port() + "/"));
        assertEquals(List.of("docs.example.test"), names.lookups, "one lookup, no second resolution when connecting");
        assertEquals("docs.example.test:" + pages.port(), pages.received().getFirst().header("Host"));
    }

    @Test
    void redirects_are_followed_and_each_hop_is_checked() {
        pages.route("/old", LocalHttpServer.redirect(301, "/new?x=1"));
        pages.route("/new", LocalHttpServer.page("text/plain", "moved here"));
        pages.route("/to-metadata", LocalHttpServer.redirect(302, "http://169.254.169.254/latest/meta-data/iam/"));
        pages.route("/to-private-name", LocalHttpServer.redirect(307, "http://intranet.example.test/"));
        pages.route("/to-file", LocalHttpServer.redirect(302, "file:///etc/passwd"));
        assertEquals("moved here", fetch(local(), pages.url("/old")));
        assertEquals("/new?x=1", pages.received().get(1).uri());

        ToolFailure metadata = failure(local(), pages.url("/to-metadata"));
        assertEquals("ValueError", metadata.errorType());
        assertTrue(metadata.getMessage().startsWith("refused to fetch http://169.254.169.254/latest/meta-data/iam/: 169.254.169.254, the "
                + "cloud metadata address"), metadata.getMessage());

        Names names = new Names(Map.of("intranet.example.test", List.of("10.20.30.40")));
        ToolFailure intranet = failure(new FetchWebpage(vertx, local(), names), pages.url("/to-private-name"));
        assertTrue(intranet.getMessage().contains("intranet.example.test resolves to 10.20.30.40, a private address"), intranet.getMessage());

        ToolFailure file = failure(local(), pages.url("/to-file"));
        assertTrue(file.getMessage().startsWith("the URL scheme 'file' is not supported"), file.getMessage());
    }

    @Test
    void endless_redirects_stop_at_the_limit() {
        pages.route("/loop", LocalHttpServer.redirect(302, "/loop"));
        ToolFailure f = failure(local(), pages.url("/loop"));
        assertEquals("HTTPError", f.errorType());
        assertEquals(pages.url("/loop") + " redirected more than 5 times", f.getMessage());
        assertEquals(6, pages.received().size());
    }

    @Test
    void a_body_beyond_the_byte_limit_is_cut_and_says_so() {
        String big = "0123456789".repeat(1000);
        pages.route("/big.txt", LocalHttpServer.page("text/plain", big));
        pages.route("/chunked.txt", (r, ex) -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0); // chunked: no length announced
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(big.substring(0, 100).getBytes());
                    out.flush();
                }
            }
        });
        TestWebConfig small = local().maxBytes(1000);
        String note = "\n\n[NOTE: the page is longer than 1000 bytes; only its beginning was read]";
        assertEquals(big.substring(0, 1000) + note, fetch(small, pages.url("/big.txt")));
        assertEquals(big.substring(0, 1000) + note, fetch(small, pages.url("/chunked.txt")));
        assertEquals(big, fetch(local(), pages.url("/big.txt")), "within the limit, all of it");
    }

    @Test
    void text_beyond_the_return_limit_is_cut_to_it() {
        pages.route("/long.txt", LocalHttpServer.page("text/plain", "x".repeat(80_000)));
        FetchWebpage tool = new FetchWebpage(vertx, local());
        String text = fetch(tool, pages.url("/long.txt"));
        assertTrue(text.length() <= tool.returnCharLimit(), String.valueOf(text.length()));
        assertTrue(text.endsWith("[NOTE: the page text was cut to the first 49900 characters]"), text.substring(text.length() - 80));
    }

    @Test
    void a_server_that_does_not_answer_in_time_is_a_timeout() {
        pages.route("/slow", (r, ex) -> {
            Thread.sleep(5_000);
            LocalHttpServer.respond(ex, 200, "text/plain", "too late");
        });
        long start = System.nanoTime();
        ToolFailure f = failure(local().fetchTimeout(Duration.ofMillis(300)), pages.url("/slow"));
        assertEquals("TimeoutError", f.errorType());
        assertEquals("fetching " + pages.url("/slow") + " took longer than 300ms; nothing was read in time", f.getMessage());
        assertTrue(System.nanoTime() - start < 4_000_000_000L, "failed at the limit, not when the server answered");
    }

    @Test
    void only_http_and_https_urls_are_fetched() {
        for (String url : List.of("file:///etc/passwd", "ftp://ftp.example.com/file.txt", "gopher://example.com/", "jar:file:/x.jar!/a")) {
            ToolFailure f = failure(TestWebConfig.defaults().allowingPrivate(), url);
            assertEquals("ValueError", f.errorType());
            assertTrue(f.getMessage().startsWith("the URL scheme '" + url.substring(0, url.indexOf(':')) + "' is not supported: only http "
                    + "and https URLs can be fetched"), f.getMessage());
        }
        assertEquals("'example.com/page' has no scheme; only http and https URLs can be fetched (e.g. https://example.com/page)",
                failure(TestWebConfig.defaults(), "example.com/page").getMessage());
    }

    @Test
    void http_errors_and_unreachable_servers_are_errors_naming_them() {
        pages.route("/missing", (r, ex) -> LocalHttpServer.respond(ex, 404, "text/html", "<h1>Not here</h1>"));
        ToolFailure missing = failure(local(), pages.url("/missing"));
        assertEquals("HTTPError", missing.errorType());
        assertEquals(pages.url("/missing") + " answered HTTP 404 Not Found", missing.getMessage());

        int port = pages.port();
        pages.close();
        ToolFailure down = failure(local(), "http://127.0.0.1:" + port + "/");
        assertEquals("ConnectionError", down.errorType());
        assertTrue(down.getMessage().startsWith("could not connect to 127.0.0.1:" + port), down.getMessage());

        ToolFailure unknown = failure(new FetchWebpage(vertx, local(), new Names(Map.of())), "https://no-such-host.example.test/");
        assertEquals("the host no-such-host.example.test of https://no-such-host.example.test/ could not be resolved", unknown.getMessage());
    }

    @Test
    void a_missing_url_is_the_models_mistake() {
        FetchWebpage tool = new FetchWebpage(vertx, local());
        ToolFailure f = assertThrows(ToolFailure.class, () -> tool.execute(ToolCallContext.direct(Actor.ofUser(null), "agent-test", "k",
                JsonNodeFactory.instance.objectNode(), null, null, Map.of())).await().indefinitely());
        assertEquals("fetch_webpage() missing 1 required positional argument: 'url'", f.getMessage());
    }

    @Test
    void the_schema_is_lettas() {
        FetchWebpage tool = new FetchWebpage(vertx, local());
        assertEquals("fetch_webpage", tool.name());
        assertEquals("letta_builtin", tool.type());
        assertEquals("{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\",\"description\":\"The URL of the page to fetch "
                + "(http or https).\"}},\"required\":[\"url\"]}", tool.parameters().toString());
    }
}
