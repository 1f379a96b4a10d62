package dev.engram.agent.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.web.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** Reads an organization's usage back: summed by group, or hour by hour for a billing system. */
@ApplicationScoped
public class UsageService {

    private static final Set<String> FORMATS = Set.of("jsonl", "csv");

    private final UsageRepository events;
    private final ObjectMapper json;

    public UsageService(UsageRepository events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    public Uni<UsageSummary> summary(String org, String start, String end, String groupBy) {
        GroupBy group = GroupBy.parse(groupBy);
        UsageRange range = UsageRange.parse(start, end, Instant.now());
        Uni<List<UsageRepository.Sum>> totals = events.sums(org, range.start(), range.end(), null);
        Uni<List<UsageRepository.Sum>> groups = group == GroupBy.METER ? totals : events.sums(org, range.start(), range.end(), group.column);
        return Uni.combine().all().unis(totals, groups).asTuple().map(t -> new UsageSummary(org, range.start(), range.end(), group.wire,
                t.getItem1().stream().map(s -> UsageLine.of(GroupBy.METER, s)).toList(),
                t.getItem2().stream().map(s -> UsageLine.of(group, s)).toList()));
    }

    /** A billing export format: jsonl (default) or csv; 422 naming the field otherwise. */
    public static String format(String format) {
        String f = format == null || format.isBlank() ? "jsonl" : format;
        if (!FORMATS.contains(f)) {
            throw ApiException.unprocessable("format: Input should be 'jsonl' or 'csv'");
        }
        return f;
    }

    /**
     * The hourly rows of [start, end) as a document of the format. Only hours that are over are exported (the end is
     * cut back to the start of the current hour), so a row, once exported, never changes.
     */
    public Uni<String> export(String org, String format, String start, String end) {
        String f = format(format);
        Instant now = Instant.now();
        UsageRange asked = UsageRange.parse(start, end, now);
        Instant openHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant last = asked.end().isAfter(openHour) ? openHour : asked.end();
        if (!asked.start().isBefore(last)) {
            return Uni.createFrom().item("csv".equals(f) ? ExportRow.CSV_HEADER + "\n" : "");
        }
        return events.hourly(org, asked.start(), last).map(rows -> {
            StringBuilder out = new StringBuilder();
            if ("csv".equals(f)) {
                out.append(ExportRow.CSV_HEADER).append('\n');
            }
            for (UsageRepository.Hourly h : rows) {
                ExportRow row = ExportRow.of(h);
                out.append("csv".equals(f) ? row.csv() : line(row)).append('\n');
            }
            return out.toString();
        });
    }

    private String line(ExportRow row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
