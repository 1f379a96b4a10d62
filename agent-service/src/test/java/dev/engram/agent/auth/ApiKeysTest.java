package dev.engram.agent.auth;

import dev.engram.agent.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(AuthProfiles.Keys.class)
class ApiKeysTest {

    @Test
    void a_key_is_the_prefix_32_base62_characters_and_a_6_character_checksum() {
        String key = ApiKeys.generate();
        assertTrue(key.matches("engram_[0-9A-Za-z]{38}"), key);
        assertTrue(ApiKeys.wellFormed(key));
        assertEquals(ApiKeys.checksum(key.substring(7, 39)), key.substring(39));
    }

    @Test
    void the_checksum_is_zlib_crc32_in_base62_so_other_tools_can_check_keys() {
        // computed with Python: zlib.crc32(b"AbCdEfGhIjKlMnOpQrStUvWxYz012345") in base62, padded to 6
        assertTrue(ApiKeys.wellFormed("engram_AbCdEfGhIjKlMnOpQrStUvWxYz0123451HTd0k"));
        assertTrue(ApiKeys.wellFormed(AuthProfiles.BOOTSTRAP));
    }

    @Test
    void a_typo_anywhere_fails_the_checksum() {
        String key = ApiKeys.generate();
        for (int i = 7; i < key.length(); i++) {
            char c = key.charAt(i);
            String typo = key.substring(0, i) + (c == 'a' ? 'b' : 'a') + key.substring(i + 1);
            assertFalse(ApiKeys.wellFormed(typo), typo);
        }
        assertFalse(ApiKeys.wellFormed(key.substring(0, key.length() - 1)));
        assertFalse(ApiKeys.wellFormed("sk-" + key.substring(3)));
    }

    @Test
    void a_mistyped_key_is_refused_with_401() {
        String typo = AuthProfiles.BOOTSTRAP.substring(0, 20) + "x" + AuthProfiles.BOOTSTRAP.substring(21);
        given().auth().oauth2(typo).get("/v1/agents").then().statusCode(401).body("detail", equalTo(
                "Unauthorized: the API key is invalid, expired or revoked"));
    }

    @Test
    void only_the_hash_and_a_display_prefix_are_stored_and_the_key_is_shown_once() {
        Map<String, Object> created = given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "role", "member")).post("/v1/api-keys").then().statusCode(200)
                .body("role", equalTo("member")).body("name", equalTo("ci")).extract().as(Map.class);
        String key = (String) created.get("key");
        String id = (String) created.get("id");
        assertTrue(ApiKeys.wellFormed(key), key);
        assertEquals(key.substring(0, 12), created.get("prefix"));

        List<Map<String, Object>> rows = Db.query("SELECT * FROM agent.api_keys WHERE id = ?", id);
        assertEquals(1, rows.size());
        assertEquals(ApiKeys.hash(key), rows.getFirst().get("hash"));
        rows.getFirst().forEach((column, value) -> assertFalse(value != null && value.toString().contains(key.substring(12)),
                "column " + column + " holds the secret"));

        given().auth().oauth2(AuthProfiles.BOOTSTRAP).get("/v1/api-keys/{id}", id).then().statusCode(200)
                .body("key", equalTo(null)).body("hash", equalTo(null)).body("prefix", equalTo(key.substring(0, 12)));
        String listed = given().auth().oauth2(AuthProfiles.BOOTSTRAP).get("/v1/api-keys").then().statusCode(200).extract().asString();
        assertFalse(listed.contains(key.substring(12)), listed);
        assertFalse(listed.contains(ApiKeys.hash(key)), listed);
    }

    @Test
    void creating_a_key_names_the_invalid_field() {
        given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON).body(Map.of("name", "x", "role", "owner"))
                .post("/v1/api-keys").then().statusCode(422).body("detail", org.hamcrest.Matchers.startsWith("role: "));
        given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON).body(Map.of("role", "member"))
                .post("/v1/api-keys").then().statusCode(422).body("detail", equalTo("name: Field required"));
        given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "expires_at", "2020-01-01T00:00:00Z"))
                .post("/v1/api-keys").then().statusCode(422).body("detail", org.hamcrest.Matchers.startsWith("expires_at: "));
        given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "agent_id", "agent-00000000-0000-4000-8000-00000000dead"))
                .post("/v1/api-keys").then().statusCode(404).body("detail", org.hamcrest.Matchers.startsWith("agent_id: "));
        given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "user_id", "user-00000000-0000-4000-8000-00000000dead"))
                .post("/v1/api-keys").then().statusCode(404).body("detail", org.hamcrest.Matchers.startsWith("user_id: "));
    }
}
