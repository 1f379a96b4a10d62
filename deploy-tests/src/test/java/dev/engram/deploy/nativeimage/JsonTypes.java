package dev.engram.deploy.nativeimage;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The service's own types that go through Jackson, found in its compiled classes (Jandex, nothing loaded):
 * <ul>
 *   <li>what JAX-RS resource methods and REST client methods return and take as their body;</li>
 *   <li>values the code hands to an ObjectMapper itself ({@link MapperCalls}), e.g. the Vert.x message routes' answers;</li>
 *   <li>every class carrying a Jackson annotation (on itself or a member): types written or read with an ObjectMapper
 *       outside JAX-RS that the bytecode scan cannot follow;</li>
 *   <li>and, from those, every own type they contain: record components, fields, generic arguments, the permitted
 *       subclasses of a sealed type and the subtypes named by {@code @JsonSubTypes}.</li>
 * </ul>
 * Each is mapped to the reason it was found, for the failure message.
 */
final class JsonTypes {

    private static final String OWN = "dev.engram.";
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE").stream()
            .map(m -> "jakarta.ws.rs." + m).collect(java.util.stream.Collectors.toSet());
    private static final DotName REST_CLIENT = DotName.createSimple("org.eclipse.microprofile.rest.client.inject.RegisterRestClient");
    private static final DotName JSON_SUB_TYPES = DotName.createSimple("com.fasterxml.jackson.annotation.JsonSubTypes");

    private final Index index;
    final TreeMap<String, String> found = new TreeMap<>();
    private final Deque<String> pending = new ArrayDeque<>();

    private JsonTypes(Index index) {
        this.index = index;
    }

    static JsonTypes of(Path classes) {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonTypes types = new JsonTypes(indexer.complete());
        MapperCalls.of(classes).forEach(types::addName);
        types.collect();
        return types;
    }

    private void collect() {
        for (ClassInfo c : index.getKnownClasses()) {
            boolean client = c.declaredAnnotation(REST_CLIENT) != null;
            for (MethodInfo m : c.methods()) {
                boolean endpoint = m.annotations().stream().anyMatch(a -> a.target().kind() == AnnotationTarget.Kind.METHOD
                        && HTTP_METHODS.contains(a.name().toString()));
                if (!endpoint) {
                    continue;
                }
                String where = (client ? "REST client " : "resource ") + c.simpleName() + "." + m.name();
                add(m.returnType(), where + " returns it");
                for (MethodParameterInfo p : m.parameters()) {
                    boolean body = p.declaredAnnotations().stream().allMatch(a -> a.name().toString().startsWith("jakarta.validation."));
                    if (body) {
                        add(p.type(), where + " reads it as its body");
                    }
                }
            }
            boolean jackson = c.annotations().stream().anyMatch(a -> a.name().toString().startsWith("com.fasterxml.jackson."));
            if (jackson) {
                found.putIfAbsent(c.name().toString(), "carries Jackson annotations");
                pending.add(c.name().toString());
            }
        }
        while (!pending.isEmpty()) {
            String name = pending.poll();
            ClassInfo c = index.getClassByName(DotName.createSimple(name));
            if (c == null) {
                continue;
            }
            String why = "inside " + c.simpleName();
            if (c.isRecord()) {
                c.recordComponents().forEach(rc -> add(rc.type(), why));
            }
            for (FieldInfo f : c.fields()) {
                if (!Modifier.isStatic(f.flags()) && !Modifier.isTransient(f.flags())) {
                    add(f.type(), why);
                }
            }
            c.permittedSubclasses().forEach(s -> addName(s.toString(), "a permitted subtype of " + c.simpleName()));
            AnnotationInstance subTypes = c.declaredAnnotation(JSON_SUB_TYPES);
            if (subTypes != null) {
                for (AnnotationInstance t : subTypes.value().asNestedArray()) {
                    AnnotationValue v = t.value();
                    addName(v.asClass().name().toString(), "named by @JsonSubTypes of " + c.simpleName());
                }
            }
        }
    }

    private void add(Type t, String why) {
        switch (t.kind()) {
            case CLASS -> addName(t.name().toString(), why);
            case PARAMETERIZED_TYPE -> {
                addName(t.name().toString(), why);
                t.asParameterizedType().arguments().forEach(a -> add(a, why));
            }
            case ARRAY -> add(t.asArrayType().elementType(), why);
            case WILDCARD_TYPE -> add(t.asWildcardType().extendsBound(), why);
            default -> { }
        }
    }

    private void addName(String name, String why) {
        if (name.startsWith(OWN) && found.putIfAbsent(name, why) == null) {
            pending.add(name);
        }
    }

    /** Whether the type is a class Jackson builds (interfaces and abstract classes only need their subtypes). */
    boolean concrete(String name) {
        ClassInfo c = index.getClassByName(DotName.createSimple(name));
        return c != null && !c.isInterface() && !Modifier.isAbstract(c.flags()) && !c.isEnum();
    }
}
