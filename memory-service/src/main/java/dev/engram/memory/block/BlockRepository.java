package dev.engram.memory.block;

import dev.engram.memory.web.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Queries on blocks. Every query is scoped to one organization. */
@ApplicationScoped
public class BlockRepository implements PanacheRepositoryBase<Block, String> {

    public Uni<Block> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    /** The block, locked for update until the transaction ends: edits of one block run one after another. */
    public Uni<Block> lockInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<Block>> list(String org, BlockFilter filter, Page page) {
        Sql sql = where(org, filter);
        boolean reverse = page.before() != null && page.after() == null;
        boolean ascending = reverse != page.ascending();
        if (page.after() != null) {
            sql.and("(b.created_at, b.id) " + (page.ascending() ? ">" : "<")
                    + " (SELECT c.created_at, c.id FROM memory.blocks c WHERE c.id = " + sql.param(page.after()) + ")");
        }
        if (page.before() != null) {
            sql.and("(b.created_at, b.id) " + (page.ascending() ? "<" : ">")
                    + " (SELECT c.created_at, c.id FROM memory.blocks c WHERE c.id = " + sql.param(page.before()) + ")");
        }
        String dir = ascending ? "ASC" : "DESC";
        String query = "SELECT b.* FROM memory.blocks b WHERE " + sql.where() + " ORDER BY b.created_at " + dir + ", b.id " + dir
                + " LIMIT " + page.limit();
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(query, Block.class);
            for (int i = 0; i < sql.params.size(); i++) {
                q.setParameter(i + 1, sql.params.get(i));
            }
            return q.getResultList();
        }).map(rows -> {
            if (reverse) {
                List<Block> copy = new ArrayList<>(rows);
                Collections.reverse(copy);
                return copy;
            }
            return rows;
        });
    }

    public Uni<Long> count(String org, BlockFilter filter) {
        Sql sql = where(org, filter);
        String query = "SELECT count(*) FROM memory.blocks b WHERE " + sql.where();
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(query, Long.class);
            for (int i = 0; i < sql.params.size(); i++) {
                q.setParameter(i + 1, sql.params.get(i));
            }
            return q.getSingleResult();
        });
    }

    /**
     * The distinct tags of the organization's blocks in code-point order ({@code ascending} or not), those containing
     * {@code text} (any case) when given, strictly after {@code after} and before {@code before} in that order.
     */
    public Uni<List<String>> tags(String org, String text, String after, String before, boolean ascending, int limit) {
        Sql sql = new Sql();
        sql.and("b.organization_id = " + sql.param(org));
        if (text != null && !text.isEmpty()) {
            sql.and("t ILIKE " + sql.param(like(text)));
        }
        if (after != null) {
            sql.and("t COLLATE \"C\" " + (ascending ? ">" : "<") + " " + sql.param(after));
        }
        if (before != null) {
            sql.and("t COLLATE \"C\" " + (ascending ? "<" : ">") + " " + sql.param(before));
        }
        String dir = ascending ? "ASC" : "DESC";
        String query = "SELECT DISTINCT t COLLATE \"C\" AS tag FROM memory.blocks b, unnest(b.tags) AS t WHERE " + sql.where()
                + " ORDER BY tag " + dir
                + " LIMIT " + limit;
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(query, String.class);
            for (int i = 0; i < sql.params.size(); i++) {
                q.setParameter(i + 1, sql.params.get(i));
            }
            return q.getResultList();
        });
    }

    private static Sql where(String org, BlockFilter f) {
        Sql sql = new Sql();
        sql.and("b.organization_id = " + sql.param(org));
        if (f.label() != null) {
            sql.and("b.label = " + sql.param(f.label()));
        }
        if (f.labelSearch() != null) {
            sql.and("b.label ILIKE " + sql.param(like(f.labelSearch())));
        }
        if (f.descriptionSearch() != null) {
            sql.and("b.description ILIKE " + sql.param(like(f.descriptionSearch())));
        }
        if (f.valueSearch() != null) {
            sql.and("b.value ILIKE " + sql.param(like(f.valueSearch())));
        }
        if (f.templateName() != null) {
            sql.and("b.template_name = " + sql.param(f.templateName()));
        }
        if (f.projectId() != null) {
            sql.and("b.project_id = " + sql.param(f.projectId()));
        }
        if (f.templatesOnly()) {
            sql.and("b.is_template");
        }
        if (!f.showHidden()) {
            sql.and("b.hidden IS NOT TRUE");
        }
        if (f.tags() != null && !f.tags().isEmpty()) {
            String tags = sql.param(jsonArray(f.tags()));
            String wanted = "ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(" + tags + " AS TEXT) AS JSONB)))";
            sql.and("b.tags " + (f.matchAllTags() ? "@>" : "&&") + " " + wanted);
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            String ids = sql.param(jsonArray(f.ids()));
            sql.and("b.id = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(" + ids + " AS TEXT) AS JSONB))))");
        }
        String connected = "(SELECT count(*) FROM memory.block_attachments a WHERE a.block_id = b.id)";
        if (f.connectedGt() != null) {
            sql.and(connected + " > " + sql.param(f.connectedGt()));
        }
        if (f.connectedLt() != null) {
            sql.and(connected + " < " + sql.param(f.connectedLt()));
        }
        if (f.connectedEq() != null && !f.connectedEq().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (Integer n : f.connectedEq()) {
                alternatives.add(connected + " = " + sql.param(n));
            }
            sql.and("(" + String.join(" OR ", alternatives) + ")");
        }
        return sql;
    }

    private static String like(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String jsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"');
            for (char c : values.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }

    /** A WHERE clause under construction with positional parameters. */
    private static final class Sql {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> params = new ArrayList<>();

        String param(Object value) {
            params.add(value);
            return "?" + params.size();
        }

        void and(String condition) {
            conditions.add(condition);
        }

        String where() {
            return String.join(" AND ", conditions);
        }
    }
}
