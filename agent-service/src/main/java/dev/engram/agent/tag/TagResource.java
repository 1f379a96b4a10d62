package dev.engram.agent.tag;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** Letta's {@code GET /v1/tags/}: every tag of the organization's agents and blocks. */
@Path("/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tag")
public class TagResource {

    private final TagService tags;

    public TagResource(TagService tags) {
        this.tags = tags;
    }

    @GET
    @Operation(summary = "List the tags of the organization's agents and blocks (bare array of names; tag cursors after/before)")
    public Uni<List<String>> list(@Context HttpHeaders headers, @RestQuery String before, @RestQuery String after,
                                  @RestQuery Integer limit, @RestQuery String order, @RestQuery("order_by") String orderBy,
                                  @RestQuery("query_text") String queryText, @RestQuery String name) {
        Requests.orderBy(orderBy, "name");
        boolean ascending = !"desc".equals(Requests.order(order));
        String text = name != null && !name.isEmpty() ? name : queryText; // query_text is Letta's older name for it
        return tags.list(Actor.of(headers), text, after, before, ascending, Requests.limit(limit, 50, 10_000));
    }
}
