package dev.engram.agent.tool.web;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * The search engine behind web_search ({@link ExaSearchProvider} by default). A provider that cannot search (no
 * credentials, the engine failing) fails with a {@link dev.engram.agent.tool.ToolFailure} the model can read.
 */
public interface WebSearchProvider {

    /**
     * @param environment the calling agent's tool environment (its secrets): a provider may take credentials from it
     */
    Uni<List<WebSearchHit>> search(WebSearchQuery query, Map<String, String> environment);
}
