package dev.engram.agent.tool.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How HTML reads once fetch_webpage has made text of it. */
class PageTextTest {

    private static String text(String contentType, byte[] body) {
        return PageText.of(new Page(URI.create("https://example.com/page"), contentType, body, false));
    }

    private static String html(String html) {
        return text("text/html", html.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ordered_and_nested_lists_quotes_and_line_breaks_keep_their_shape() {
        assertEquals("""
                1. Preheat
                2. Bake
                  - at 180 °C
                  - for 20 min

                > Cooking is chemistry.
                > Eat it warm.

                Line one
                Line two""", html("""
                <body><ol><li>Preheat</li><li>Bake<ul><li>at 180&nbsp;°C</li><li>for 20 min</li></ul></li></ol>
                <blockquote><p>Cooking is chemistry.<br>Eat it warm.</p></blockquote>
                <div>Line one<br/>Line two</div></body>"""));
    }

    @Test
    void the_charset_comes_from_the_header_or_else_from_the_page_itself() {
        byte[] latin = "<html><head><meta charset=\"ISO-8859-1\"><title>Caf\u00e9</title></head><body><p>cr\u00e8me br\u00fbl\u00e9e</p></body></html>"
                .getBytes(Charset.forName("ISO-8859-1"));
        assertEquals("# Café\n\ncrème brûlée", text("text/html", latin));
        byte[] windows = "<p>\u201cquoted\u201d</p>".getBytes(Charset.forName("windows-1252"));
        assertEquals("“quoted”", text("text/html; charset=windows-1252", windows));
    }

    @Test
    void a_page_that_is_all_script_reads_as_its_title_or_a_note_saying_so() {
        assertEquals("# App", html("<html><head><title>App</title></head><body><div id=root></div><script>render()</script></body></html>"));
        assertEquals("[NOTE: the page has no readable text; it may be built by JavaScript, which fetch_webpage does not run]",
                html("<html><body><script>render()</script></body></html>"));
    }
}
