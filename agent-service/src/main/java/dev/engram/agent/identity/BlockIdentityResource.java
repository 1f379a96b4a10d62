package dev.engram.agent.identity;

import dev.engram.agent.block.BlockResponse;
import dev.engram.agent.block.BlockService;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Letta's {@code PATCH /v1/blocks/{block_id}/identities/attach|detach/{identity_id}}: both answer the block. */
@Path("/v1/blocks/{block_id}/identities")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "blocks")
public class BlockIdentityResource {

    private final IdentityService identities;
    private final BlockService blocks;

    public BlockIdentityResource(IdentityService identities, BlockService blocks) {
        this.identities = identities;
        this.blocks = blocks;
    }

    @PATCH
    @Path("/attach/{identity_id}")
    @Operation(summary = "Attach an identity to a block (attaching it again changes nothing)")
    public Uni<BlockResponse> attach(@Context HttpHeaders headers, @RestPath("block_id") String blockId,
                                     @RestPath("identity_id") String identityId) {
        Actor actor = Actor.of(headers);
        String identity = IdentityResource.id(identityId);
        return blocks.get(actor, Ids.require("block", "block_id", blockId)).call(b -> identities.attachBlock(actor, b.id(), identity));
    }

    @PATCH
    @Path("/detach/{identity_id}")
    @Operation(summary = "Detach an identity from a block")
    public Uni<BlockResponse> detach(@Context HttpHeaders headers, @RestPath("block_id") String blockId,
                                     @RestPath("identity_id") String identityId) {
        Actor actor = Actor.of(headers);
        String identity = IdentityResource.id(identityId);
        return blocks.get(actor, Ids.require("block", "block_id", blockId)).call(b -> identities.detachBlock(actor, b.id(), identity));
    }
}
