package dev.engram.agent.tool.web;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders the content of an HTML element as light markdown: paragraphs separated by blank lines, {@code #} headings,
 * {@code -} list items, {@code >} quotes, fenced preformatted text, table cells joined by {@code |}. Links keep their
 * text only, as most readers for models do: the text is what answers questions, URLs mostly cost tokens.
 */
final class HtmlMarkdown implements NodeFilter {

    private static final Set<String> BLOCKS = Set.of("address", "article", "blockquote", "body", "caption", "center", "dd",
            "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6",
            "header", "hgroup", "legend", "li", "main", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead",
            "tr", "ul");

    private final String title;
    private final List<String> blocks = new ArrayList<>();
    /** Per block: "li" for a list item, "tr" for a table row, "" otherwise; runs of items or rows stay together. */
    private final List<String> kinds = new ArrayList<>();
    private String kind = "";
    private final StringBuilder line = new StringBuilder();
    private String pendingPrefix = "";
    private int listDepth;
    private int quoteDepth;

    private HtmlMarkdown(String title) {
        this.title = title;
    }

    /** The element's text as markdown; a first heading that repeats the page title is left out (the title leads anyway). */
    static String render(Element root, String title) {
        HtmlMarkdown renderer = new HtmlMarkdown(title);
        NodeTraversor.filter(renderer, root);
        renderer.flush();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < renderer.blocks.size(); i++) {
            if (i > 0) {
                String k = renderer.kinds.get(i);
                out.append(!k.isEmpty() && k.equals(renderer.kinds.get(i - 1)) ? "\n" : "\n\n");
            }
            out.append(renderer.blocks.get(i));
        }
        return out.toString();
    }

    @Override
    public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode text) {
            line.append(text.text());
            return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element e)) {
            return FilterResult.CONTINUE;
        }
        String tag = e.normalName();
        switch (tag) {
            case "br" -> line.append('\n');
            case "pre" -> {
                flush();
                emit("```\n" + e.wholeText().replaceAll("^\\n+|\\s+$", "") + "\n```", "");
                return FilterResult.SKIP_ENTIRELY;
            }
            case "hr" -> {
                flush();
                emit("---", "");
            }
            case "code" -> line.append('`');
            case "tr" -> {
                flush();
                kind = "tr";
            }
            case "td", "th" -> {
                if (!line.toString().isBlank()) {
                    line.append(" | ");
                }
            }
            case "ul", "ol" -> {
                flush();
                listDepth++;
            }
            case "li" -> {
                flush();
                String marker = e.parent() != null && e.parent().normalName().equals("ol") ? (e.elementSiblingIndex() + 1) + ". " : "- ";
                pendingPrefix = "  ".repeat(Math.max(0, listDepth - 1)) + marker;
                kind = "li";
            }
            case "blockquote" -> {
                flush();
                quoteDepth++;
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                flush();
                pendingPrefix = "#".repeat(tag.charAt(1) - '0') + " ";
            }
            default -> {
                if (BLOCKS.contains(tag)) {
                    flush();
                }
            }
        }
        return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
        if (!(node instanceof Element e)) {
            return FilterResult.CONTINUE;
        }
        String tag = e.normalName();
        if (tag.equals("code")) {
            line.append('`');
        } else if (BLOCKS.contains(tag)) {
            flush();
            if (tag.equals("li") || tag.charAt(0) == 'h' && tag.length() == 2) {
                pendingPrefix = "";
            }
            if (tag.equals("li") || tag.equals("tr")) {
                kind = "";
            }
            if (tag.equals("ul") || tag.equals("ol")) {
                listDepth--;
            } else if (tag.equals("blockquote")) {
                quoteDepth--;
            }
        }
        return FilterResult.CONTINUE;
    }

    /** Ends the paragraph being collected, if it holds any text. */
    private void flush() {
        List<String> lines = new ArrayList<>();
        for (String l : line.toString().split("\n")) {
            String clean = l.replaceAll("[ \\t\\u00a0]+", " ").strip();
            if (!clean.isEmpty() && !clean.equals("``")) {
                lines.add(clean);
            }
        }
        line.setLength(0);
        if (lines.isEmpty()) {
            return;
        }
        String text = String.join("\n", lines);
        if (blocks.isEmpty() && pendingPrefix.startsWith("#") && text.equalsIgnoreCase(title)) {
            pendingPrefix = "";
            return;
        }
        emit(text, pendingPrefix);
        pendingPrefix = "";
    }

    private void emit(String text, String prefix) {
        kinds.add(kind);
        String quote = "> ".repeat(quoteDepth);
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(quote).append(i == 0 ? prefix : " ".repeat(prefix.length())).append(lines[i]);
        }
        blocks.add(out.toString());
    }
}
