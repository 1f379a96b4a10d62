package dev.engram.agent.tool.web;

import dev.engram.agent.tool.ToolFailure;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** What fetch_webpage makes of a page: HTML as readable markdown-like text, text as it is, anything else an error. */
final class PageText {

    /** Parts of a page that are never its content: code, styling, embedded objects, navigation, form controls. */
    private static final String NOT_CONTENT = "script, style, noscript, template, svg, canvas, iframe, object, embed, "
            + "nav, aside, footer, button, select, input, textarea, [hidden], [aria-hidden=true]";

    private PageText() {
    }

    static String of(Page page) {
        ContentKind kind = ContentKind.of(page.contentType());
        if (kind == ContentKind.UNKNOWN) {
            kind = sniff(page.body());
        }
        String text = switch (kind) {
            case HTML -> html(page.body(), ContentKind.charset(page.contentType()), page.url().toString());
            case TEXT -> new String(page.body(), charset(ContentKind.charset(page.contentType())));
            default -> throw binary(page.url(), ContentKind.mime(page.contentType()));
        };
        if (kind == ContentKind.HTML && text.isBlank()) {
            text = "[NOTE: the page has no readable text; it may be built by JavaScript, which fetch_webpage does not run]";
        }
        if (page.cut()) {
            text += "\n\n[NOTE: the page is longer than " + page.body().length + " bytes; only its beginning was read]";
        }
        return text;
    }

    static ToolFailure binary(URI url, String mime) {
        String what = mime == null || mime.isEmpty() ? "binary content" : "binary content (" + mime + ")";
        return ToolFailure.valueError(url + " is " + what + ", not a web page or text; fetch_webpage reads HTML and text only");
    }

    /** HTML when it looks like HTML, text when it decodes as text, binary when it holds NUL bytes. */
    private static ContentKind sniff(byte[] body) {
        int n = Math.min(body.length, 4096);
        for (int i = 0; i < n; i++) {
            if (body[i] == 0) {
                return ContentKind.BINARY;
            }
        }
        String start = new String(body, 0, n, StandardCharsets.UTF_8).stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("\ufeff")) {
            start = start.substring(1);
        }
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.contains("<body")
                ? ContentKind.HTML : ContentKind.TEXT;
    }

    static String html(byte[] body, String charset, String baseUri) {
        Document doc;
        try {
            // without a charset jsoup reads the BOM or the <meta charset> and falls back to UTF-8
            doc = Jsoup.parse(new ByteArrayInputStream(body), known(charset) ? charset : null, baseUri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String title = doc.title().strip();
        doc.select(NOT_CONTENT).remove();
        String content = HtmlMarkdown.render(contentRoot(doc), title);
        if (title.isEmpty()) {
            return content;
        }
        return content.isEmpty() ? "# " + title : "# " + title + "\n\n" + content;
    }

    /** The page's main part when it marks one (main, or its only article), else the whole body. */
    private static Element contentRoot(Document doc) {
        Element main = doc.selectFirst("main, [role=main]");
        if (main != null) {
            return main;
        }
        Elements articles = doc.select("article");
        if (articles.size() == 1) {
            return articles.first();
        }
        return doc.body() != null ? doc.body() : doc;
    }

    /** The named charset if this JVM knows it, else UTF-8. */
    private static Charset charset(String name) {
        return known(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    }

    private static boolean known(String name) {
        try {
            return name != null && Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
