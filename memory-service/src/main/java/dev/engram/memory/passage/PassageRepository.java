package dev.engram.memory.passage;

import dev.engram.memory.db.CreatedAtKeyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on passages, always within one organization and the archives asked for. */
@ApplicationScoped
public class PassageRepository implements PanacheRepositoryBase<Passage, String> {

    /** The passage when it is in one of these archives. */
    public Uni<Passage> findIn(String org, List<String> archiveIds, String id) {
        return archiveIds.isEmpty() ? Uni.createFrom().nullItem()
                : find("id = ?1 and organizationId = ?2 and archiveId in ?3", id, org, archiveIds).firstResult();
    }

    /** Every passage the organization keeps, over all its agents and archives: what its storage quota counts. */
    public Uni<Long> countInOrganization(String org) {
        return count("organizationId", org);
    }

    public Uni<Long> countIn(String org, List<String> archiveIds, String id) {
        return archiveIds.isEmpty() ? Uni.createFrom().item(0L)
                : count("id = ?1 and organizationId = ?2 and archiveId in ?3", id, org, archiveIds);
    }

    /** The newest passages of these archives, optionally by tags and an inclusive time range (a search without query). */
    public Uni<List<Passage>> newest(String org, List<String> archiveIds, List<String> tags, boolean tagMatchAll,
                                     java.time.Instant start, java.time.Instant end, int limit) {
        if (archiveIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder q = new StringBuilder("organizationId = :org and archiveId in :archives");
        Map<String, Object> params = new HashMap<>(Map.of("org", org, "archives", archiveIds));
        if (start != null) {
            q.append(" and createdAt >= :start");
            params.put("start", start);
        }
        if (end != null) {
            q.append(" and createdAt <= :end");
            params.put("end", end);
        }
        for (int i = 0; i < tags.size() && tagMatchAll; i++) {
            q.append(" and array_contains(tags, :tag").append(i).append(")");
            params.put("tag" + i, tags.get(i));
        }
        if (!tags.isEmpty() && !tagMatchAll) {
            q.append(" and (");
            for (int i = 0; i < tags.size(); i++) {
                q.append(i == 0 ? "" : " or ").append("array_contains(tags, :tag").append(i).append(")");
                params.put("tag" + i, tags.get(i));
            }
            q.append(")");
        }
        q.append(" order by createdAt desc, id desc");
        return find(q.toString(), params).page(0, limit).list();
    }

    /** A page in created_at order; cursors are passage ids; {@code text} filters by substring, case-insensitively. */
    public Uni<List<Passage>> page(String org, List<String> archiveIds, String text, String after, String before, int limit, boolean ascending) {
        if (archiveIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder q = new StringBuilder("organizationId = :org and archiveId in :archives");
        Map<String, Object> params = new HashMap<>(Map.of("org", org, "archives", archiveIds));
        if (text != null && !text.isBlank()) {
            q.append(" and lower(text) like :text escape '\\'");
            params.put("text", "%" + text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        boolean reverse = CreatedAtKeyset.append(q, params, "Passage", after, before, ascending);
        return find(q.toString(), params).page(0, limit).list().map(rows -> CreatedAtKeyset.inOrder(rows, reverse));
    }

    public Uni<List<Passage>> byIds(List<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Every passage in id order, a batch at a time (for rebuilds). */
    public Uni<List<Passage>> batchAfter(String afterId, int size) {
        return find("id > ?1 order by id", afterId == null ? "" : afterId).page(0, size).list();
    }

    public Uni<Long> deleteArchive(String org, String archiveId) {
        return delete("organizationId = ?1 and archiveId = ?2", org, archiveId);
    }
}
