package dev.engram.agent.memory;

import dev.engram.suite.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** memory-service's passages of a source (a folder's file chunks). Only {@link SourcePassages} calls it. */
@RegisterRestClient(configKey = "memory")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/v1/sources/{source}/passages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SourcePassagesApi {

    @POST
    @Path("/batch")
    Uni<List<MemoryRecords.Passage>> insert(@RestHeader(MemoryApi.ORG) String org, @RestHeader(MemoryApi.ACTOR) String actor,
                                            @RestHeader(MemoryApi.KEY) String key, @RestPath String source,
                                            SourcePassages.Batch body);

    @GET
    Uni<List<MemoryRecords.Passage>> list(@RestHeader(MemoryApi.ORG) String org, @RestPath String source,
                                          @RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/search")
    Uni<MemoryRecords.SearchResult> search(@RestHeader(MemoryApi.ORG) String org, @RestPath String source,
                                           @RestQuery MultivaluedMap<String, String> query);

    @DELETE
    Uni<Response> delete(@RestHeader(MemoryApi.ORG) String org, @RestPath String source, @RestQuery("file_id") String fileId);
}
