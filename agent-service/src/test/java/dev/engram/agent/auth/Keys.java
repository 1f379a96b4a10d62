package dev.engram.agent.auth;

import dev.engram.agent.support.Agents;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test fixture: requests with a key, and keys made through the API with the bootstrap admin key. */
final class Keys {

    private Keys() {
    }

    static RequestSpecification as(String key) {
        return given().auth().oauth2(key);
    }

    static RequestSpecification admin() {
        return as(AuthProfiles.BOOTSTRAP);
    }

    /** A new key of the default organization; {@code agentId} may be null. Answers the key itself. */
    static String create(String role, String agentId) {
        Map<String, Object> body = new HashMap<>(Map.of("name", role + " key", "role", role));
        if (agentId != null) {
            body.put("agent_id", agentId);
        }
        return admin().contentType(ContentType.JSON).body(body).post("/v1/api-keys").then().statusCode(200).extract().path("key");
    }

    /** An agent of the default organization, made with the admin key. */
    static String agent() {
        return admin().contentType(ContentType.JSON).body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .extract().path("id");
    }
}
