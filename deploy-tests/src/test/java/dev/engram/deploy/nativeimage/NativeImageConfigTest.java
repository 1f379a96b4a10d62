package dev.engram.deploy.nativeimage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services' native builds on paper: what Quarkus would hand to native-image (the native-sources build, no GraalVM
 * needed) registers every type the REST layer serialises for reflection, and embedding-service's image carries its
 * ONNX models, the ONNX runtime's and the tokenizer's native libraries and their JNI entry points. What only a real
 * native-image run shows (that the image links and the libraries load) is listed in k8s/README.md as not verified.
 */
class NativeImageConfigTest {

    private static NativeConfig config(String service) {
        return NativeConfig.of(NativeSourcesBuild.get().resolve(service + "/target/native-sources"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent-service", "memory-service", "embedding-service"})
    void every_type_the_rest_layer_serialises_is_registered_for_reflection(String service) {
        Path classes = NativeSourcesBuild.get().resolve(service + "/target/classes");
        JsonTypes types = JsonTypes.of(classes);
        NativeConfig native_ = config(service);
        assertTrue(types.found.size() > 5, service + ": found the JSON types " + types.found.keySet());
        Map<String, String> missing = new TreeMap<>();
        types.found.forEach((type, why) -> {
            if (types.concrete(type) && !native_.registeredForJackson(type)) {
                missing.put(type, why);
            }
        });
        assertEquals(Map.of(), missing, service + ": types Jackson reads or writes that the native image would not "
                + "register for reflection (annotate them with @RegisterForReflection)");
    }

    /** Resources Quarkus reads at build time (config, service files, the OpenAPI document): not needed at run time. */
    private static boolean readAtBuildTime(String resource) {
        return resource.equals("application.properties") || resource.startsWith("META-INF/services/")
                || resource.equals("META-INF/openapi.yaml") || resource.startsWith("META-INF/native-image/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent-service", "memory-service", "embedding-service"})
    void every_resource_the_service_reads_from_its_class_path_is_in_its_image(String service) throws java.io.IOException {
        Path resources = dev.engram.deploy.Repo.path(service + "/src/main/resources");
        NativeConfig c = config(service);
        List<String> missing;
        try (var files = java.nio.file.Files.walk(resources)) {
            missing = files.filter(java.nio.file.Files::isRegularFile)
                    .map(f -> resources.relativize(f).toString().replace('\\', '/'))
                    .filter(r -> !readAtBuildTime(r) && !c.includesResource(r)).sorted().toList();
        }
        assertEquals(List.of(), missing, service + ": resources the native image would leave out (quarkus.native.resources.includes)");
    }

    @Test
    void embedding_service_carries_its_models_and_the_native_libraries_as_resources() {
        NativeConfig c = config("embedding-service");
        for (String resource : List.of(
                "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
                // the ONNX runtime extracts and loads these from its jar
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
                // the tokenizer (DJL) the same
                "native/lib/tokenizers.properties", "native/lib/linux-x86_64/cpu/libtokenizers.so")) {
            assertTrue(c.includesResource(resource), "embedding-service's image includes " + resource);
        }
    }

    @Test
    void embedding_service_registers_what_the_native_libraries_call_back_through_jni() {
        NativeConfig c = config("embedding-service");
        for (String type : List.of("ai.onnxruntime.OrtException", "ai.onnxruntime.OnnxTensor", "ai.onnxruntime.TensorInfo",
                "ai.onnxruntime.NodeInfo", "ai.djl.huggingface.tokenizers.jni.CharSpan")) {
            assertTrue(c.jni.containsKey(type), "embedding-service registers " + type + " for JNI");
        }
    }

    @Test
    void memory_service_keeps_lucenes_service_providers_in_the_image() {
        assertTrue(config("memory-service").args.contains("-H:+UseServiceLoaderFeature"),
                "Lucene finds its codecs and postings formats through ServiceLoader");
    }
}
