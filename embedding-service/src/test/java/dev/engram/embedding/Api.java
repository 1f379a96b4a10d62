package dev.engram.embedding;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one fixture builder of these tests: requests to the running service and helpers to read its answers. */
public final class Api {

    public static final String DEFAULT_MODEL = "local/all-minilm-l6-v2-q";
    public static final String FULL_MODEL = "local/all-minilm-l6-v2";

    private final Map<String, Object> body = new LinkedHashMap<>();

    private Api(Object input) {
        body.put("input", input);
    }

    /** A request embedding {@code input} (a string, a list, or anything else to test rejection). */
    public static Api embed(Object input) {
        return new Api(input);
    }

    public Api model(String model) {
        body.put("model", model);
        return this;
    }

    public Api base64() {
        body.put("encoding_format", "base64");
        return this;
    }

    public Api with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    public Response post() {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/embeddings");
    }

    /** Posts with base64 encoding and returns the vectors, in order. */
    public List<float[]> vectors() {
        base64();
        Response response = post();
        response.then().statusCode(200);
        List<String> encoded = response.jsonPath().getList("data.embedding");
        return encoded.stream().map(Api::decode).toList();
    }

    public static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(v);
        return v;
    }

    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** A counter or gauge value read from /q/metrics (0 when absent). */
    public static double metric(String line) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(line + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }
}
