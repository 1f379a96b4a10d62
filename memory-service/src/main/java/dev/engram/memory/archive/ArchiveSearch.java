package dev.engram.memory.archive;

import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.SearchMode;
import dev.engram.memory.passage.Passage;
import dev.engram.memory.passage.PassageQuery;
import dev.engram.memory.passage.PassageRepository;
import dev.engram.memory.passage.PassageService;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Times;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/passages/search}: the hybrid search of memory-service over several archives at once. The query is
 * embedded with the archives' model when they all share one; otherwise (or for text-only archives) it is BM25.
 */
@ApplicationScoped
public class ArchiveSearch {

    private final ArchiveRepository archives;
    private final ArchiveAgentRepository links;
    private final PassageRepository passageRows;
    private final PassageService passages;

    public ArchiveSearch(ArchiveRepository archives, ArchiveAgentRepository links, PassageRepository passageRows,
                         PassageService passages) {
        this.archives = archives;
        this.links = links;
        this.passageRows = passageRows;
        this.passages = passages;
    }

    public Uni<List<PassageSearchHit>> search(Caller caller, PassageSearch r) {
        int limit = r.limit() == null ? PassageSearch.DEFAULT_LIMIT : r.limit();
        if (limit < 1 || limit > IndexQuery.MAX_TOP_K) {
            throw ApiException.unprocessable("limit: must be between 1 and " + IndexQuery.MAX_TOP_K + " (got " + limit + ")");
        }
        String mode = r.tagMatchMode() == null ? "any" : r.tagMatchMode();
        if (!mode.equals("any") && !mode.equals("all")) {
            throw ApiException.unprocessable("tag_match_mode: Input should be 'any' or 'all'");
        }
        if (r.agentId() != null) {
            Ids.require("agent", "agent_id", r.agentId());
        } else if (r.archiveId() != null) {
            Ids.require("archive", "archive_id", r.archiveId());
        }
        Instant start = bound(r.startDate(), "start_date", false);
        Instant end = bound(r.endDate(), "end_date", true);
        if (start != null && end != null && start.isAfter(end)) {
            throw ApiException.unprocessable("start_date: must not be after end_date");
        }
        List<String> tags = r.tags() == null ? List.of() : r.tags();
        boolean all = mode.equals("all");
        String org = caller.organizationId();
        return Panache.withSession(() -> scopes(caller, r).chain(scopes -> archives.byIds(scopes).map(rows -> {
                    List<String> handles = rows.stream().map(a -> a.embeddingHandle).filter(Objects::nonNull).distinct().toList();
                    return new Scope(scopes, handles.size() == 1 ? handles.getFirst() : null);
                })))
                .chain(scope -> r.query() == null || r.query().isBlank()
                        ? Panache.withSession(() -> passageRows.newest(org, scope.archives(), tags, all, start, end, limit))
                        .map(rows -> rows.stream().map(p -> new PassageSearchHit(PassageService.view(p), 0.0)).toList())
                        : ranked(caller, scope, new PassageQuery(r.query(), limit, tags, all, start, end, SearchMode.HYBRID, null,
                        scope.embeddingHandle(), ZoneOffset.UTC)));
    }

    private static Instant bound(String value, String field, boolean end) {
        try {
            return Times.bound(value, field, ZoneOffset.UTC, end);
        } catch (ApiException e) {
            throw ApiException.unprocessable(field + ": Input should be a valid datetime (" + value + ")");
        }
    }

    private record Scope(List<String> archives, String embeddingHandle) {
    }

    private Uni<List<PassageSearchHit>> ranked(Caller caller, Scope scope, PassageQuery q) {
        return passages.hits(caller, scope.archives(), q).chain(found -> {
            List<String> ids = found.hits().stream().map(IndexHit::passageId).toList();
            return Panache.withSession(() -> passageRows.byIds(ids)).map(rows -> {
                Map<String, Passage> byId = new HashMap<>();
                rows.forEach(p -> byId.put(p.id, p));
                List<PassageSearchHit> out = new ArrayList<>();
                for (IndexHit h : found.hits()) {
                    Passage p = byId.get(h.passageId());
                    if (p != null && p.organizationId.equals(caller.organizationId())) {
                        out.add(new PassageSearchHit(PassageService.view(p), h.score()));
                    }
                }
                return out;
            });
        });
    }

    /** The archives searched: the agent's (it wins over archive_id, as in Letta), one archive, or all of them. */
    private Uni<List<String>> scopes(Caller caller, PassageSearch r) {
        String org = caller.organizationId();
        if (r.agentId() != null) {
            return links.archivesOf(org, r.agentId());
        }
        if (r.archiveId() != null) {
            return archives.findOf(org, r.archiveId()).onItem().ifNull()
                    .failWith(() -> ApiException.notFound("Archive with id " + r.archiveId() + " not found"))
                    .map(a -> List.of(a.id));
        }
        return archives.idsOf(org);
    }
}
