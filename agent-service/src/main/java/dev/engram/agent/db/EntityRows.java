package dev.engram.agent.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Transient;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Maps a plain SQL row onto an entity's persistent fields, by the same column names the ORM uses. For the few reads on
 * every message's path, which skip the ORM's session, result processing and entity bookkeeping. The entities built
 * here are detached values: read them, never persist them. Supports the field types the entities use: text, integers,
 * booleans, timestamps, text arrays and JSON kept as text.
 */
public final class EntityRows<T> {

    private static final JsonText JSON = new JsonText();

    private enum Kind { TEXT, INT, LONG, BOOL, INSTANT, JSON, TEXT_ARRAY }

    private record Mapped(Field field, String column, Kind kind) {
    }

    private final Class<T> type;
    private final List<Mapped> fields;

    private EntityRows(Class<T> type, List<Mapped> fields) {
        this.type = type;
        this.fields = fields;
    }

    /** The mapping of an entity class; fails at once on a field type it cannot read. */
    public static <T> EntityRows<T> of(Class<T> type) {
        List<Mapped> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int mods = f.getModifiers();
            if (Modifier.isStatic(mods) || Modifier.isTransient(mods) || f.isAnnotationPresent(Transient.class)
                    || f.getName().startsWith("$$_")) { // the ORM's own bookkeeping fields
                continue;
            }
            f.setAccessible(true); // public in source; the ORM's build-time enhancement may narrow it
            Column column = f.getAnnotation(Column.class);
            String name = column != null && !column.name().isEmpty() ? column.name() : f.getName();
            fields.add(new Mapped(f, name, kindOf(f)));
        }
        return new EntityRows<>(type, fields);
    }

    private static Kind kindOf(Field f) {
        Class<?> t = f.getType();
        if (t == String.class) {
            return Kind.TEXT;
        }
        if (t == Integer.class || t == int.class) {
            return Kind.INT;
        }
        if (t == Long.class || t == long.class) {
            return Kind.LONG;
        }
        if (t == Boolean.class || t == boolean.class) {
            return Kind.BOOL;
        }
        if (t == Instant.class) {
            return Kind.INSTANT;
        }
        if (t == JsonNode.class && f.isAnnotationPresent(Convert.class)) {
            return Kind.JSON;
        }
        if (t == List.class) {
            return Kind.TEXT_ARRAY;
        }
        throw new IllegalArgumentException("no row mapping for " + f);
    }

    /** The entity's columns for a SELECT list, qualified with {@code alias}. */
    public String columns(String alias) {
        StringJoiner out = new StringJoiner(", ");
        fields.forEach(m -> out.add(alias + "." + m.column()));
        return out.toString();
    }

    /** A detached entity holding the row's values. */
    public T map(Row row) {
        try {
            T entity = type.getDeclaredConstructor().newInstance();
            for (Mapped m : fields) {
                Object value = value(row, m);
                if (value != null || !m.field().getType().isPrimitive()) {
                    m.field().set(entity, value);
                }
            }
            return entity;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot map a row onto " + type.getSimpleName(), e);
        }
    }

    private static Object value(Row row, Mapped m) {
        String c = m.column();
        return switch (m.kind()) {
            case TEXT -> row.getString(c);
            case INT -> row.getInteger(c);
            case LONG -> row.getLong(c);
            case BOOL -> row.getBoolean(c);
            case INSTANT -> {
                OffsetDateTime t = row.getOffsetDateTime(c);
                yield t == null ? null : t.toInstant();
            }
            case JSON -> JSON.convertToEntityAttribute(row.getString(c));
            case TEXT_ARRAY -> {
                String[] values = row.getArrayOfStrings(c);
                yield values == null ? new ArrayList<String>() : new ArrayList<>(Arrays.asList(values));
            }
        };
    }
}
