package dev.engram.agent.usage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.engram.agent.memory.MemoryClient;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The daily meters, written by every replica's timer and kept once by their ids: {@code storage:<org>:<day>} (what
 * each organization stores in memory-service, taken the first time the job runs on that UTC day) and
 * {@code active_agents:<org>:<day>} (agents with at least one step on the day, written once the day is over). Two
 * replicas racing write the same ids: one insert wins, the other changes nothing.
 */
@ApplicationScoped
public class UsageSnapshots {

    private static final Logger LOG = Logger.getLogger(UsageSnapshots.class);

    private final UsageRepository events;
    private final UsageRecorder recorder;
    private final MemoryClient memory;
    private final Clock clock = Clock.systemUTC();
    private final boolean enabled;

    public UsageSnapshots(UsageRepository events, UsageRecorder recorder, MemoryClient memory, UsageConfig config) {
        this.events = events;
        this.recorder = recorder;
        this.memory = memory;
        this.enabled = config.enabled();
    }

    @Scheduled(every = "${engram.usage.snapshot-interval:15m}", delayed = "${engram.usage.snapshot-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        LocalDate today = LocalDate.now(clock);
        return activeAgents(today.minusDays(1)).chain(() -> storage(today))
                .onFailure().invoke(e -> LOG.warnf("usage snapshot: %s", e.toString())).onFailure().recoverWithNull();
    }

    /** Writes the day's active agents per organization (once); answers how many organizations got a new event. */
    public Uni<Integer> activeAgents(LocalDate day) {
        return events.recordActiveAgents(day);
    }

    /** Snapshots the storage of every organization that has none for the day yet. */
    public Uni<Void> storage(LocalDate day) {
        return events.organizationsWithoutStorage(day).chain(orgs -> storage(day, orgs, 0));
    }

    private Uni<Void> storage(LocalDate day, List<String> orgs, int i) {
        if (i >= orgs.size()) {
            return Uni.createFrom().voidItem();
        }
        String org = orgs.get(i);
        return memory.storage(org).chain(s -> recorder.record(UsageEvent.of("storage:" + org + ":" + day, org, null,
                        Meter.STORAGE_DAILY, s.passageBytes(), null, day.atStartOfDay().toInstant(ZoneOffset.UTC),
                        JsonNodeFactory.instance.objectNode().put("day", day.toString()).put("archival_passages", s.passages())
                                .put("archival_bytes", s.passageBytes()).put("messages", s.messages())
                                .put("message_bytes", s.messageBytes()).put("blocks", s.blocks()).put("block_bytes", s.blockBytes()))))
                .onFailure().invoke(e -> LOG.warnf("storage snapshot of %s: %s", org, e.toString())).onFailure().recoverWithNull()
                .chain(() -> storage(day, orgs, i + 1));
    }
}
