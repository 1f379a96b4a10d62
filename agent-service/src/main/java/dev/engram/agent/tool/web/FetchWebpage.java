package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.Args;
import dev.engram.agent.tool.Schemas;
import dev.engram.agent.tool.Tool;
import dev.engram.agent.tool.ToolCallContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Letta's {@code fetch_webpage(url)}: reads a web page and answers its content as text (HTML as markdown-like text,
 * with the title first). The page is fetched by this server, within the limits of {@link WebToolsConfig}; it never
 * reaches private or local addresses unless configured to.
 */
@ApplicationScoped
public class FetchWebpage implements Tool {

    private static final String NOTE = "\n\n[NOTE: the page text was cut to the first %d characters]";

    private final Vertx vertx;
    private final PageFetcher fetcher;

    @Inject
    public FetchWebpage(Vertx vertx, WebToolsConfig config) {
        this(vertx, config, HostResolver.SYSTEM);
    }

    FetchWebpage(Vertx vertx, WebToolsConfig config, HostResolver resolver) {
        this.vertx = vertx;
        this.fetcher = new PageFetcher(vertx, config, resolver);
    }

    @Override
    public String name() {
        return "fetch_webpage";
    }

    @Override
    public String type() {
        return WebSearch.LETTA_BUILTIN;
    }

    @Override
    public String description() {
        return "Fetch a web page and return its content as readable text: markdown-like for HTML pages, as it is for text "
                + "files.";
    }

    @Override
    public ObjectNode parameters() {
        return Schemas.object().string("url", "The URL of the page to fetch (http or https).", true).build();
    }

    @Override
    public Uni<String> execute(ToolCallContext call) {
        String url = new Args(name(), call.arguments()).string("url");
        // the HTML is parsed on a worker thread; the answer comes back on the caller's context
        return UniHelper.toUni(fetcher.fetch(url).compose(page -> vertx.executeBlocking(() -> PageText.of(page), false)))
                .map(this::bounded);
    }

    /** The text within the tool's character limit, so that a direct run is bounded as a call in a step is. */
    private String bounded(String text) {
        int limit = returnCharLimit();
        if (text.length() <= limit) {
            return text;
        }
        int cut = limit - 100;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + NOTE.formatted(cut);
    }
}
