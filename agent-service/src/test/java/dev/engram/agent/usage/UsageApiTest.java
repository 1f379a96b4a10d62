package dev.engram.agent.usage;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/usage} and its billing export over events written straight into the table, in hours of a past day no
 * other test touches; another organization's events are there too and never show.
 */
@QuarkusTest
class UsageApiTest {

    private static final String ORG = "org-00000000-0000-4000-8000-000000000000";

    @Inject
    Pool pool;
    @Inject
    UsageSnapshots snapshots;

    private List<Row> rows(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10)).forEach(out::add);
        return out;
    }

    private void event(String org, String agent, String meter, String unit, long quantity, Long prompt, Long completion, String model,
                       OffsetDateTime at) {
        Long total = prompt == null ? null : prompt + completion;
        rows("INSERT INTO agent.usage_events (id, organization_id, agent_id, meter, quantity, unit, prompt_tokens, completion_tokens, "
                + "total_tokens, model, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                "test:" + UUID.randomUUID(), org, agent, meter, quantity, unit, prompt, completion, total, model, at);
    }

    /** A day of its own for each test: 2001-01-01 plus a random number of days. */
    private static LocalDate freshDay() {
        return LocalDate.of(2001, 1, 1).plusDays(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 5000L));
    }

    private static OffsetDateTime at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atOffset(ZoneOffset.UTC);
    }

    @Test
    void usage_sums_the_organizations_events_by_meter_agent_model_and_day_and_hides_other_organizations() {
        LocalDate day = freshDay();
        String other = "org-" + UUID.randomUUID();
        event(ORG, "agent-a", "llm_step", "tokens", 110, 100L, 10L, "gpt-4o-mini", at(day, 9, 0));
        event(ORG, "agent-a", "llm_step", "tokens", 220, 200L, 20L, "gpt-4o", at(day, 10, 0));
        event(ORG, "agent-b", "llm_step", "tokens", 55, 50L, 5L, "gpt-4o-mini", at(day.plusDays(1), 1, 0));
        event(ORG, "agent-b", "tool_execution", "ms", 40, null, null, null, at(day, 11, 0));
        event(other, "agent-x", "llm_step", "tokens", 9999, 9000L, 999L, "gpt-4o-mini", at(day, 9, 30));
        String start = day.toString();
        String end = day.plusDays(2).toString();

        JsonPath byMeter = given().queryParam("start", start).queryParam("end", end).get("/v1/usage").then().statusCode(200)
                .body("organization_id", equalTo(ORG)).body("group_by", equalTo("meter")).extract().jsonPath();
        assertEquals(List.of("llm_step", "tool_execution"), byMeter.getList("totals.meter"));
        assertEquals(3, byMeter.getInt("totals[0].events"));
        assertEquals(385, byMeter.getInt("totals[0].total_tokens"), "another organization's 9999 tokens are not counted");
        assertEquals(350, byMeter.getInt("totals[0].prompt_tokens"));
        assertEquals(40, byMeter.getInt("totals[1].quantity"));
        assertEquals("ms", byMeter.getString("totals[1].unit"));

        JsonPath byAgent = given().queryParam("start", start).queryParam("end", end).queryParam("group_by", "agent").get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("agent-a", "agent-b", "agent-b"), byAgent.getList("groups.agent_id"));
        assertEquals(List.of(330, 55, 0), byAgent.getList("groups.total_tokens", Integer.class));

        JsonPath byModel = given().queryParam("start", start).queryParam("end", end).queryParam("group_by", "model").get("/v1/usage")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> models = byModel.getList("groups");
        assertTrue(models.stream().anyMatch(m -> "gpt-4o-mini".equals(m.get("model")) && ((Number) m.get("total_tokens")).intValue() == 165));
        assertTrue(models.stream().anyMatch(m -> "gpt-4o".equals(m.get("model")) && ((Number) m.get("total_tokens")).intValue() == 220));

        given().queryParam("start", start).queryParam("end", end).queryParam("group_by", "day").get("/v1/usage").then().statusCode(200)
                .body("groups.day", equalTo(List.of(day.toString(), day.toString(), day.plusDays(1).toString())))
                .body("groups.meter", equalTo(List.of("llm_step", "tool_execution", "llm_step")))
                .body("groups.total_tokens", equalTo(List.of(330, 0, 55)));

        // a range is [start, end): the next day alone
        given().queryParam("start", day.plusDays(1).toString()).queryParam("end", end).get("/v1/usage").then().statusCode(200)
                .body("totals.meter", equalTo(List.of("llm_step"))).body("totals[0].total_tokens", equalTo(55));
    }

    @Test
    void export_gives_one_row_per_organization_meter_and_hour_with_a_stable_identifier_in_jsonl_and_csv() throws Exception {
        LocalDate day = freshDay();
        String other = "org-" + UUID.randomUUID();
        event(ORG, "agent-a", "llm_step", "tokens", 110, 100L, 10L, "gpt-4o-mini", at(day, 9, 5));
        event(ORG, "agent-b", "llm_step", "tokens", 22, 20L, 2L, "gpt-4o-mini", at(day, 9, 55));
        event(ORG, "agent-a", "llm_step", "tokens", 33, 30L, 3L, "gpt-4o-mini", at(day, 10, 0));
        event(ORG, "agent-a", "tool_execution", "ms", 250, null, null, null, at(day, 9, 30));
        event(other, "agent-x", "llm_step", "tokens", 9999, 9000L, 999L, "gpt-4o-mini", at(day, 9, 30));
        String start = day.toString();
        String end = day.plusDays(1).toString();

        String jsonl = given().queryParam("format", "jsonl").queryParam("start", start).queryParam("end", end).get("/v1/usage/export")
                .then().statusCode(200).header("Content-Type", startsWith("application/x-ndjson")).extract().asString();
        String[] lines = jsonl.split("\n");
        assertEquals(3, lines.length, jsonl);
        JsonPath first = JsonPath.from(lines[0]);
        String nine = day + "T09:00:00Z";
        assertEquals(sha256(ORG + "|llm_step|" + nine), first.getString("identifier"));
        assertEquals(ORG, first.getString("organization_id"));
        assertEquals("llm_step", first.getString("meter"));
        assertEquals(nine, first.getString("hour"));
        assertEquals(at(day, 9, 0).toEpochSecond(), first.getLong("timestamp"));
        assertEquals(132, first.getInt("value"));
        assertEquals(2, first.getInt("events"));
        assertEquals(120, first.getInt("prompt_tokens"));
        assertEquals("tool_execution", JsonPath.from(lines[1]).getString("meter"));
        assertEquals(250, JsonPath.from(lines[1]).getInt("value"));
        assertEquals(day + "T10:00:00Z", JsonPath.from(lines[2]).getString("hour"));
        assertTrue(!jsonl.contains(other), "another organization's rows are not exported");

        String again = given().queryParam("start", start).queryParam("end", end).get("/v1/usage/export").then().statusCode(200)
                .extract().asString();
        assertEquals(jsonl, again, "a re-export of closed hours is the same, identifiers included (jsonl is the default)");

        String csv = given().queryParam("format", "csv").queryParam("start", start).queryParam("end", end).get("/v1/usage/export")
                .then().statusCode(200).header("Content-Type", startsWith("text/csv")).extract().asString();
        String[] rows = csv.split("\n");
        assertEquals("identifier,organization_id,meter,unit,hour,timestamp,value,events,prompt_tokens,completion_tokens,cached_tokens,"
                + "total_tokens", rows[0]);
        assertEquals(4, rows.length, csv);
        assertEquals(String.join(",", sha256(ORG + "|llm_step|" + nine), ORG, "llm_step", "tokens", nine,
                Long.toString(at(day, 9, 0).toEpochSecond()), "132", "2", "120", "12", "0", "132"), rows[1]);
    }

    @Test
    void bad_format_group_by_and_time_range_are_422_naming_the_field() {
        given().queryParam("format", "xml").get("/v1/usage/export").then().statusCode(422).body("detail", startsWith("format:"));
        given().queryParam("group_by", "user").get("/v1/usage").then().statusCode(422).body("detail", startsWith("group_by:"));
        given().queryParam("start", "yesterday").get("/v1/usage").then().statusCode(422).body("detail", startsWith("start:"));
        given().queryParam("end", "2020-13-01").get("/v1/usage/export").then().statusCode(422).body("detail", startsWith("end:"));
        given().queryParam("start", "2020-02-01").queryParam("end", "2020-01-01").get("/v1/usage").then().statusCode(422)
                .body("detail", containsString("before end"));
    }

    @Test
    void daily_snapshots_count_active_agents_and_storage_once_per_organization_and_day() {
        LocalDate day = freshDay();
        String other = "org-" + UUID.randomUUID();
        event(other, "agent-1", "llm_step", "tokens", 10, 9L, 1L, "gpt-4o-mini", at(day, 1, 0));
        event(other, "agent-1", "llm_step", "tokens", 10, 9L, 1L, "gpt-4o-mini", at(day, 2, 0));
        event(other, "agent-2", "llm_step", "tokens", 10, 9L, 1L, "gpt-4o-mini", at(day, 23, 59));
        event(other, "agent-3", "llm_step", "tokens", 10, 9L, 1L, "gpt-4o-mini", at(day.plusDays(1), 0, 0));

        snapshots.activeAgents(day).await().atMost(Duration.ofSeconds(10));
        snapshots.activeAgents(day).await().atMost(Duration.ofSeconds(10)); // a second replica doing the same
        List<Row> active = rows("SELECT * FROM agent.usage_events WHERE organization_id = $1 AND meter = 'active_agents_daily'", other);
        assertEquals(1, active.size());
        assertEquals("active_agents:" + other + ":" + day, active.getFirst().getString("id"));
        assertEquals(2L, active.getFirst().getLong("quantity"));

        String agent = Agents.create();
        given().contentType("application/json").body(Map.of("text", "An archived fact."))
                .post("/v1/agents/{id}/archival-memory", agent).then().statusCode(200);
        // a day of its own, so the scheduled job's snapshot of today is not the one read here
        LocalDate snapshotDay = freshDay();
        snapshots.storage(snapshotDay).await().atMost(Duration.ofSeconds(30));
        snapshots.storage(snapshotDay).await().atMost(Duration.ofSeconds(30));
        List<Row> storage = rows("SELECT * FROM agent.usage_events WHERE id = $1", "storage:" + ORG + ":" + snapshotDay);
        assertEquals(1, storage.size());
        Row s = storage.getFirst();
        assertEquals("storage_daily", s.getString("meter"));
        assertEquals("bytes", s.getString("unit"));
        JsonPath details = JsonPath.from(s.getValue("details").toString());
        assertTrue(details.getLong("archival_passages") >= 1, s.getValue("details").toString());
        assertTrue(details.getLong("blocks") >= 2);
        assertEquals(details.getLong("archival_bytes"), s.getLong("quantity"));
        // the archival insert was metered as an embedding of the passage
        assertEquals(1, rows("SELECT id FROM agent.usage_events WHERE agent_id = $1 AND meter = 'embedding' AND id LIKE 'embedding:passage:%'",
                agent).size());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
