package dev.engram.memory.passage;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
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
        String cursor = "(select c.createdAt from Passage c where c.id = :%s)";
        if (after != null) {
            q.append(ascending ? " and (createdAt > " : " and (createdAt < ").append(cursor.formatted("after"))
                    .append(" or (createdAt = ").append(cursor.formatted("after")).append(ascending ? " and id > :after))" : " and id < :after))");
            params.put("after", after);
        }
        if (before != null) {
            q.append(ascending ? " and (createdAt < " : " and (createdAt > ").append(cursor.formatted("before"))
                    .append(" or (createdAt = ").append(cursor.formatted("before")).append(ascending ? " and id < :before))" : " and id > :before))");
            params.put("before", before);
        }
        boolean reverse = before != null && after == null;
        String dir = ascending != reverse ? "asc" : "desc";
        q.append(" order by createdAt ").append(dir).append(", id ").append(dir);
        return find(q.toString(), params).page(0, limit).list().map(rows -> {
            if (!reverse) {
                return rows;
            }
            List<Passage> copy = new ArrayList<>(rows);
            Collections.reverse(copy);
            return copy;
        });
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
