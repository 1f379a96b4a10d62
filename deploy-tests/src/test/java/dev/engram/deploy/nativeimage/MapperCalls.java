package dev.engram.deploy.nativeimage;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Values the service's code hands to Jackson directly (ObjectMapper / ObjectWriter / ObjectReader), outside JAX-RS:
 * the static type of the value written ({@code valueToTree(x)}, {@code writeValueAsString(x)}, ...) and the class
 * literal read into ({@code readValue(s, X.class)}, {@code treeToValue(n, X.class)}). The type is read from the
 * instruction that produces the argument: a local variable (its declared type, generic arguments included), a field,
 * a cast, a method's return type or {@code this}. A value built by a longer expression is not seen; those types
 * need a Jackson annotation or {@code @RegisterForReflection} to be checked.
 */
final class MapperCalls {

    private static final Set<String> OWNERS = Set.of("com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectWriter", "com/fasterxml/jackson/databind/ObjectReader");
    private static final Set<String> WRITES = Set.of("valueToTree", "writeValueAsString", "writeValueAsBytes", "writeValue");
    private static final Set<String> READS = Set.of("readValue", "treeToValue", "convertValue");

    private MapperCalls() {
    }

    /** Internal type names (dots) to where they are handed to Jackson. */
    static Map<String, String> of(Path classes) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassNode c = new ClassNode();
                try (InputStream in = Files.newInputStream(f)) {
                    new ClassReader(in).accept(c, ClassReader.SKIP_FRAMES);
                }
                for (MethodNode m : c.methods) {
                    scan(c, m, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void scan(ClassNode c, MethodNode m, Map<String, String> out) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call) || !OWNERS.contains(call.owner)) {
                continue;
            }
            String where = "handed to Jackson's " + call.name + " in " + c.name.substring(c.name.lastIndexOf('/') + 1)
                    + "." + m.name;
            AbstractInsnNode arg = previous(insn);
            if (WRITES.contains(call.name)) {
                typesOf(c, m, arg).forEach(t -> out.putIfAbsent(t, where));
            } else if (READS.contains(call.name) && arg instanceof LdcInsnNode ldc && ldc.cst instanceof Type t
                    && t.getSort() == Type.OBJECT) {
                out.putIfAbsent(t.getClassName(), where);
            }
        }
    }

    private static AbstractInsnNode previous(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious(); // labels, line numbers
        }
        return p;
    }

    private static List<String> typesOf(ClassNode c, MethodNode m, AbstractInsnNode producer) {
        if (producer instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD) {
            if (v.var == 0 && (m.access & Opcodes.ACC_STATIC) == 0) {
                return List.of(c.name.replace('/', '.'));
            }
            LocalVariableNode local = localAt(m, v);
            if (local != null) {
                return local.signature != null ? signatureTypes(local.signature) : descriptorType(local.desc);
            }
        } else if (producer instanceof FieldInsnNode f) {
            return descriptorType(f.desc);
        } else if (producer instanceof TypeInsnNode t && t.getOpcode() == Opcodes.CHECKCAST) {
            return List.of(Type.getObjectType(t.desc).getClassName());
        } else if (producer instanceof MethodInsnNode call) {
            return descriptorType(Type.getReturnType(call.desc).getDescriptor());
        }
        return List.of();
    }

    private static LocalVariableNode localAt(MethodNode m, VarInsnNode v) {
        if (m.localVariables == null) {
            return null;
        }
        int at = m.instructions.indexOf(v);
        for (LocalVariableNode l : m.localVariables) {
            if (l.index == v.var && index(m, l.start) <= at + 1 && at < index(m, l.end)) {
                return l;
            }
        }
        return null;
    }

    private static int index(MethodNode m, LabelNode label) {
        return m.instructions.indexOf(label);
    }

    private static List<String> descriptorType(String desc) {
        Type t = Type.getType(desc);
        while (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
        }
        return t.getSort() == Type.OBJECT ? List.of(t.getClassName()) : List.of();
    }

    /** Every class named in a generic signature ({@code List<Foo>} gives List and Foo). */
    private static List<String> signatureTypes(String signature) {
        List<String> out = new ArrayList<>();
        new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
            @Override
            public void visitClassType(String name) {
                out.add(name.replace('/', '.'));
            }

            @Override
            public void visitInnerClassType(String name) {
                out.add(out.removeLast() + "$" + name);
            }
        });
        return out;
    }
}
