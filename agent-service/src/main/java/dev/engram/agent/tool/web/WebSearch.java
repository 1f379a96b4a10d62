package dev.engram.agent.tool.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.tool.Args;
import dev.engram.agent.tool.Schemas;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Letta's {@code web_search}: searches the web through a {@link WebSearchProvider} (Exa) and answers Letta's JSON,
 * {@code {"query": ..., "results": [{title, url, published_date, author, [text], [highlights], [summary]}]}},
 * indented as Letta indents it. Offered whether or not a provider is configured; unconfigured, a call is an error
 * result that says so.
 */
@ApplicationScoped
public class WebSearch implements Tool {

    /** Letta's tool_type of its built-in tools (web_search, fetch_webpage, run_code). */
    public static final String LETTA_BUILTIN = "letta_builtin";

    /** Exa's categories, as Letta's schema lists them. */
    static final List<String> CATEGORIES = List.of("company", "research paper", "news", "pdf", "github", "tweet", "personal site",
            "linkedin profile", "financial report");

    /** Python's json.dumps(indent=2): two-space indents, "key": value, empty lists as []. */
    private static final ObjectWriter PYTHON_INDENTED = JsonText.MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final WebSearchProvider provider;

    public WebSearch(WebSearchProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return "web_search";
    }

    @Override
    public String type() {
        return LETTA_BUILTIN;
    }

    @Override
    public String description() {
        return """
                Search the web (with Exa's search engine) and get the most relevant pages: for each its title, URL, \
                publication date, author, a few highlights and a summary; the full page text only when asked for.

                Examples:
                    web_search("Rust 2024 edition changes", num_results=5)
                    web_search("transformer attention survey", category="research paper", include_domains=["arxiv.org"])
                    web_search("PostgreSQL 17 release notes", start_published_date="2024-09-01")""";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object()
                .string("query", "What to search for.", true)
                .integer("num_results", "How many results to return, 1 to 100 (default 10).", false)
                .choice("category", "Only results of this kind of content (default: any).", CATEGORIES.toArray(String[]::new))
                .bool("include_text", "Also return each page's full text (default false: highlights and a summary only, "
                        + "since full texts easily fill the context window).", false)
                .stringList("include_domains", "Only results from these domains.", false)
                .stringList("exclude_domains", "No results from these domains.", false)
                .string("start_published_date", "Only content published after this date (ISO 8601).", false)
                .string("end_published_date", "Only content published before this date (ISO 8601).", false)
                .string("user_location", "Two-letter country code for localized results (e.g. \"US\").", false)
                .build();
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        WebSearchQuery query = query(new Args(name(), call.arguments()));
        return provider.search(query, call.environment()).map(hits -> render(query, hits));
    }

    private WebSearchQuery query(Args a) {
        String query = a.string("query");
        if (query.isBlank()) {
            throw ToolFailure.valueError("the query is empty");
        }
        Integer n = a.optionalInt("num_results");
        String category = a.optionalString("category");
        if (category != null && !CATEGORIES.contains(category)) {
            throw ToolFailure.valueError("category must be one of " + CATEGORIES + ", not '" + category + "'");
        }
        Boolean text = a.optionalBoolean("include_text");
        return new WebSearchQuery(query, n == null ? 10 : Math.clamp(n, 1, 100), category, Boolean.TRUE.equals(text),
                a.optionalStrings("include_domains"), a.optionalStrings("exclude_domains"), a.optionalString("start_published_date"),
                a.optionalString("end_published_date"), a.optionalString("user_location"));
    }

    /** Letta's result JSON: published_date and author always (null when unknown), the rest only when present. */
    static String render(WebSearchQuery query, List<WebSearchHit> hits) {
        ObjectNode out = JsonText.MAPPER.createObjectNode();
        out.put("query", query.query());
        ArrayNode results = out.putArray("results");
        for (WebSearchHit hit : hits) {
            ObjectNode r = results.addObject();
            r.put("title", hit.title());
            r.put("url", hit.url());
            r.put("published_date", hit.publishedDate());
            r.put("author", hit.author());
            if (query.includeText() && hit.text() != null && !hit.text().isEmpty()) {
                r.put("text", hit.text());
            }
            if (hit.highlights() != null && !hit.highlights().isEmpty()) {
                ArrayNode h = r.putArray("highlights");
                hit.highlights().forEach(h::add);
            }
            if (hit.summary() != null && !hit.summary().isEmpty()) {
                r.put("summary", hit.summary());
            }
        }
        try {
            return PYTHON_INDENTED.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
