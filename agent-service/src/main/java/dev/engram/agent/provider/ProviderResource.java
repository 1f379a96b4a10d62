package dev.engram.agent.provider;

import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/** Letta's {@code /v1/providers}: the organization's own LLM providers (BYOK). */
@Path("/v1/providers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "providers")
public class ProviderResource {

    private final ProviderService providers;

    public ProviderResource(ProviderService providers) {
        this.providers = providers;
    }

    @GET
    @Operation(summary = "List the organization's providers (bare array; cursors after/before, limit, order; name, provider_type)")
    public Uni<List<ProviderView>> list(@Context HttpHeaders headers, @RestQuery String name, @RestQuery("provider_type") String providerType,
                                        @RestQuery String before, @RestQuery String after, @RestQuery Integer limit,
                                        @RestQuery String order, @RestQuery("order_by") String orderBy) {
        Requests.orderBy(orderBy, "created_at");
        return providers.list(Actor.of(headers), name, providerType, after, before, Requests.limit(limit, 50, 1000),
                "asc".equals(Requests.order(order)));
    }

    @POST
    @Operation(summary = "Add a provider with the organization's own key: its models are <name>/<model> for the organization")
    public Uni<ProviderView> create(@Context HttpHeaders headers, ProviderRequests.Create body) {
        return providers.create(Actor.of(headers), body);
    }

    @POST
    @Path("/check")
    @Operation(summary = "Check a key: lists the provider's models with it (401 when refused)")
    public Uni<Map<String, String>> check(ProviderRequests.Check body) {
        return providers.check(body).map(message -> Map.of("message", message));
    }

    @GET
    @Path("/{provider_id}")
    @Operation(summary = "Retrieve a provider (its key shown by its last four characters)")
    public Uni<ProviderView> get(@Context HttpHeaders headers, @RestPath("provider_id") String providerId) {
        return providers.get(Actor.of(headers), id(providerId));
    }

    @PATCH
    @Path("/{provider_id}")
    @Operation(summary = "Modify a provider: a new key (required), URL, access key, region or API version")
    public Uni<ProviderView> update(@Context HttpHeaders headers, @RestPath("provider_id") String providerId, ProviderRequests.Update body) {
        return providers.update(Actor.of(headers), id(providerId), body);
    }

    @DELETE
    @Path("/{provider_id}")
    @Operation(summary = "Delete a provider: its handles stop resolving (agents using them get a 400 naming the handle)")
    public Uni<Map<String, String>> delete(@Context HttpHeaders headers, @RestPath("provider_id") String providerId) {
        String id = id(providerId);
        return providers.delete(Actor.of(headers), id).replaceWith(Map.of("message", "Provider id=" + id + " successfully deleted"));
    }

    @POST
    @Path("/{provider_id}/check")
    @Operation(summary = "Check the provider's stored key")
    public Uni<Map<String, String>> checkExisting(@Context HttpHeaders headers, @RestPath("provider_id") String providerId) {
        return providers.check(Actor.of(headers), id(providerId)).map(message -> Map.of("message", message));
    }

    @PATCH
    @Path("/{provider_id}/refresh")
    @Operation(summary = "List the provider's models anew")
    public Uni<ProviderView> refresh(@Context HttpHeaders headers, @RestPath("provider_id") String providerId) {
        return providers.refresh(Actor.of(headers), id(providerId));
    }

    private static String id(String providerId) {
        return Ids.require("provider", "provider_id", providerId);
    }
}
