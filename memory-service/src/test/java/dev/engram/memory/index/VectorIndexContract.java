package dev.engram.memory.index;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.engram.memory.index.Passages.ORG;
import static dev.engram.memory.index.Passages.T0;
import static dev.engram.memory.index.Passages.agent;
import static dev.engram.memory.index.Passages.axis;
import static dev.engram.memory.index.Passages.ids;
import static dev.engram.memory.index.Passages.passage;
import static dev.engram.memory.index.Passages.vector;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The behaviour every {@link VectorIndex} adapter must have; one subclass per adapter. */
abstract class VectorIndexContract {

    static final int DIM = 8;

    /** A new, empty index. */
    abstract VectorIndex open();

    /** Closes the index and opens the same storage again, as after a restart. */
    abstract VectorIndex reopen(VectorIndex index);

    VectorIndex index;
    final String agent = agent();

    @BeforeEach
    void openIndex() {
        index = open();
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    private IndexQuery text(String agentId, String text) {
        return IndexQuery.of(ORG, agentId, text, null);
    }

    private static List<String> texts(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::text).toList();
    }

    @Test
    void upserted_passage_is_found_by_the_very_next_search() {
        IndexedPassage p = passage(agent, "Ann prefers green tea in the morning").vector(axis(DIM, 0)).build();
        index.upsert(List.of(p));

        assertThat(ids(index.search(text(agent, "green tea"))), contains(p.id()));
        assertThat(ids(index.search(IndexQuery.of(ORG, agent, null, axis(DIM, 0)))),
                contains(p.id()));
        assertEquals(1, index.count(ORG, agent));
    }

    @Test
    void hits_carry_text_tags_and_created_at() {
        IndexedPassage p = passage(agent, "The launch is planned for March").tags("work", "dates").build();
        index.upsert(List.of(p));

        IndexHit hit = index.search(text(agent, "launch")).getFirst();
        assertEquals(p.id(), hit.passageId());
        assertEquals("The launch is planned for March", hit.text());
        assertThat(hit.tags(), containsInAnyOrder("work", "dates"));
        assertEquals(T0, hit.createdAt());
        assertTrue(hit.score() > 0);
    }

    @Test
    void search_never_returns_another_agents_passage() {
        String other = agent();
        index.upsert(List.of(
                passage(agent, "my cat is called Tom").vector(axis(DIM, 0)).build(),
                passage(other, "her cat is called Tom too").vector(axis(DIM, 0)).build()));

        for (SearchMode mode : SearchMode.values()) {
            IndexQuery query = IndexQuery.of(ORG, other, "cat Tom", axis(DIM, 0)).withMode(mode);
            assertThat(mode.name(), texts(index.search(query)), contains("her cat is called Tom too"));
        }
    }

    @Test
    void a_search_over_several_partitions_finds_each_ones_passages_and_no_others() {
        String second = agent();
        String outside = agent();
        index.upsert(List.of(
                passage(agent, "the red kite nests by the river").vector(axis(DIM, 2)).build(),
                passage(second, "a red kite circled the river bank").vector(axis(DIM, 2)).build(),
                passage(outside, "red kite spotted over the river").vector(axis(DIM, 2)).build()));

        for (SearchMode mode : SearchMode.values()) {
            IndexQuery query = new IndexQuery(ORG, agent, "red kite river", axis(DIM, 2), mode, 10, List.of(), false, null, null,
                    null, List.of(second));
            assertThat(mode.name(), texts(index.search(query)), containsInAnyOrder("the red kite nests by the river",
                    "a red kite circled the river bank"));
        }
    }

    @Test
    void search_never_returns_another_organizations_passage() {
        // the same agent id in two organizations must still be two separate memories
        index.upsert(List.of(
                passage(agent, "the vault code is 1234").vector(axis(DIM, 1)).build(),
                passage(agent, "the vault code is 9999").org("org-other").vector(axis(DIM, 1)).build()));

        for (SearchMode mode : SearchMode.values()) {
            IndexQuery query = IndexQuery.of("org-other", agent, "vault code", axis(DIM, 1)).withMode(mode);
            assertThat(mode.name(), texts(index.search(query)), contains("the vault code is 9999"));
        }
        assertEquals(1, index.count(ORG, agent));
    }

    @Test
    void tag_filter_any_needs_one_of_the_tags_and_all_needs_every_tag() {
        IndexedPassage both = passage(agent, "notes about travel and work").tags("travel", "work").build();
        IndexedPassage travel = passage(agent, "notes about travel").tags("travel").build();
        IndexedPassage none = passage(agent, "notes without tags").build();
        index.upsert(List.of(both, travel, none));

        IndexQuery notes = text(agent, "notes");
        assertThat(ids(index.search(notes.withTags(List.of("work", "travel"), false))),
                containsInAnyOrder(both.id(), travel.id()));
        assertThat(ids(index.search(notes.withTags(List.of("work", "travel"), true))), contains(both.id()));
        assertThat(ids(index.search(notes.withTags(List.of("missing"), false))), empty());
        assertThat(ids(index.search(notes)), hasSize(3));
    }

    @Test
    void time_range_is_inclusive_and_either_end_may_be_open() {
        IndexedPassage early = passage(agent, "diary entry one").at(T0).build();
        IndexedPassage middle = passage(agent, "diary entry two").at(T0.plus(Duration.ofHours(1))).build();
        IndexedPassage late = passage(agent, "diary entry three").at(T0.plus(Duration.ofDays(1))).build();
        index.upsert(List.of(early, middle, late));

        IndexQuery diary = text(agent, "diary");
        assertThat(ids(index.search(diary.withTimeRange(T0, middle.createdAt()))),
                containsInAnyOrder(early.id(), middle.id()));
        assertThat(ids(index.search(diary.withTimeRange(middle.createdAt(), null))),
                containsInAnyOrder(middle.id(), late.id()));
        assertThat(ids(index.search(diary.withTimeRange(null, T0))), contains(early.id()));
        assertThat(ids(index.search(diary.withTimeRange(T0.plusNanos(1000), late.createdAt().minusNanos(1000)))),
                contains(middle.id()));
    }

    @Test
    void context_is_searched_with_the_text_but_never_shown() {
        IndexedPassage answer = passage(agent, "Yes, it was amazing!")
                .context("Did you finally see the northern lights in Norway?").vector(axis(DIM, 0)).build();
        IndexedPassage other = passage(agent, "We watched a film about the sea").vector(axis(DIM, 1)).build();
        index.upsert(List.of(answer, other));

        List<IndexHit> hits = index.search(text(agent, "northern lights"));
        assertThat(ids(hits), contains(answer.id()));
        assertEquals("Yes, it was amazing!", hits.getFirst().text());
        // a later upsert without context drops it
        index.upsert(List.of(passage(agent, "Yes, it was amazing!").id(answer.id()).vector(axis(DIM, 0)).build()));
        assertThat(ids(index.search(text(agent, "northern lights"))), empty());
    }

    @Test
    void text_search_works_for_an_agent_without_any_vectors() {
        IndexedPassage tea = passage(agent, "Ann drinks green tea every morning").build();
        IndexedPassage dogs = passage(agent, "Ann walks her dogs at noon").build();
        index.upsert(List.of(tea, dogs));

        // the default HYBRID query without a vector runs BM25; stemming lets "dog" find "dogs"
        assertThat(ids(index.search(text(agent, "dog"))), contains(dogs.id()));
        assertEquals(tea.id(), ids(index.search(text(agent, "Ann's tea"))).getFirst());
        assertThat(ids(index.search(text(agent, "the of and"))), empty());
    }

    @Test
    void dense_search_ranks_by_cosine_similarity() {
        IndexedPassage exact = passage(agent, "alpha").vector(axis(DIM, 0)).build();
        IndexedPassage close = passage(agent, "beta").vector(vector(DIM, 1, 1)).build();
        IndexedPassage far = passage(agent, "gamma").vector(axis(DIM, 2)).build();
        index.upsert(List.of(far, close, exact));

        List<IndexHit> hits = index.search(IndexQuery.of(ORG, agent, "gamma", axis(DIM, 0)).withMode(SearchMode.DENSE));
        assertThat(ids(hits), contains(exact.id(), close.id(), far.id()));
        assertEquals(1.0, hits.get(0).score(), 1e-4);
        assertEquals(Math.sqrt(0.5), hits.get(1).score(), 1e-4);
    }

    @Test
    void hybrid_ranks_a_passage_found_by_both_rankings_first() {
        List<IndexedPassage> passages = new ArrayList<>();
        IndexedPassage both = passage(agent, "budget review").vector(vector(DIM, 1, 0.5)).build();
        IndexedPassage denseOnly = passage(agent, "holiday plans").vector(axis(DIM, 0)).build();
        IndexedPassage textOnly = passage(agent, "budget budget budget numbers").vector(axis(DIM, 7)).build();
        passages.addAll(List.of(both, denseOnly, textOnly));
        for (int k = 2; k <= 6; k++) {
            float[] distractor = vector(DIM, 0.3);
            distractor[k] = 1;
            passages.add(passage(agent, "weather report " + k).vector(distractor).build());
        }
        index.upsert(passages);

        IndexQuery query = IndexQuery.of(ORG, agent, "budget", axis(DIM, 0));
        for (FusionMode fusion : FusionMode.values()) {
            assertEquals(both.id(), ids(index.search(query.withFusion(fusion))).getFirst(), fusion.name());
        }
        assertEquals(denseOnly.id(), ids(index.search(query.withMode(SearchMode.DENSE))).getFirst());
        assertEquals(textOnly.id(), ids(index.search(query.withMode(SearchMode.BM25))).getFirst());
    }

    @Test
    void top_k_is_respected() {
        List<IndexedPassage> passages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            passages.add(passage(agent, "memory number " + i).vector(vector(DIM, 1, i)).build());
        }
        index.upsert(passages);

        for (SearchMode mode : SearchMode.values()) {
            IndexQuery query = IndexQuery.of(ORG, agent, "memory", axis(DIM, 0)).withMode(mode);
            assertThat(mode.name(), index.search(query.withTopK(7)), hasSize(7));
            assertThat(mode.name(), index.search(query.withTopK(1)), hasSize(1));
        }
        assertThrows(IllegalArgumentException.class, () -> IndexQuery.of(ORG, agent, "x", null).withTopK(101));
    }

    @Test
    void upsert_replaces_the_passage_with_the_same_id() {
        IndexedPassage first = passage(agent, "the meeting is on Monday").id("passage-fixed").build();
        index.upsert(List.of(first));
        index.upsert(List.of(passage(agent, "the meeting moved to Friday").id("passage-fixed")
                .vector(axis(DIM, 3)).build()));

        assertEquals(1, index.count(ORG, agent));
        assertThat(index.search(text(agent, "Monday")), empty());
        assertThat(ids(index.search(text(agent, "Friday"))), contains("passage-fixed"));
        assertThat(ids(index.search(IndexQuery.of(ORG, agent, null, axis(DIM, 3)))), contains("passage-fixed"));
    }

    @Test
    void deleted_passages_are_neither_found_nor_counted() {
        IndexedPassage keep = passage(agent, "keep this fact").vector(axis(DIM, 0)).build();
        IndexedPassage drop = passage(agent, "drop this fact").vector(axis(DIM, 0)).build();
        index.upsert(List.of(keep, drop));

        index.delete(ORG, List.of(drop.id(), "passage-never-indexed"));

        assertThat(ids(index.search(IndexQuery.of(ORG, agent, "fact", axis(DIM, 0)))), contains(keep.id()));
        assertEquals(1, index.count(ORG, agent));
    }

    @Test
    void delete_leaves_another_organizations_passage_alone() {
        IndexedPassage p = passage(agent, "a private fact").build();
        index.upsert(List.of(p));

        index.delete("org-other", List.of(p.id()));

        assertThat(ids(index.search(text(agent, "fact"))), contains(p.id()));
    }

    @Test
    void delete_agent_removes_only_that_agents_passages() {
        String other = agent();
        index.upsert(List.of(
                passage(agent, "first fact").vector(axis(DIM, 0)).build(),
                passage(agent, "second fact").build(),
                passage(other, "their fact").vector(axis(DIM, 0)).build()));

        index.deleteAgent(ORG, agent);

        assertEquals(0, index.count(ORG, agent));
        assertThat(index.search(text(agent, "fact")), empty());
        assertEquals(1, index.count(ORG, other));
    }

    @Test
    void changes_of_one_batch_apply_in_order() {
        IndexedPassage p = passage(agent, "short lived fact").build();
        IndexedPassage kept = passage(agent, "lasting fact").build();

        index.apply(List.of(new IndexChange.Upsert(p), new IndexChange.Delete(ORG, p.id()), new IndexChange.Upsert(kept)),
                VectorIndex.NO_WATERMARK);

        assertThat(ids(index.search(text(agent, "fact"))), contains(kept.id()));
    }

    @Test
    void watermark_survives_reopen_and_never_moves_backwards() {
        assertEquals(0, index.watermark());
        index.upsert(List.of(passage(agent, "fact one").build()), 41);
        index.upsert(List.of(passage(agent, "fact two").build()), 40);
        assertEquals(41, index.watermark());

        index = reopen(index);

        assertEquals(41, index.watermark());
        assertEquals(2, index.count(ORG, agent));
        assertThat(index.search(text(agent, "fact")), hasSize(2));
    }

    @Test
    void clear_removes_everything_and_resets_the_watermark() {
        index.upsert(List.of(passage(agent, "fact").vector(axis(DIM, 0)).build(), passage(agent, "text fact").build()), 7);

        index.clear();

        assertEquals(0, index.watermark());
        assertEquals(0, index.count(ORG, agent));
        assertThat(index.search(text(agent, "fact")), empty());
        index.upsert(List.of(passage(agent, "fresh fact").build()), 3);
        assertEquals(3, index.watermark());
        assertThat(ids(index.search(text(agent, "fact"))), hasSize(1));
    }

    @Test
    void vectors_of_different_dimensions_coexist() {
        String small = agent();
        IndexedPassage p8 = passage(agent, "eight dimensional").vector(axis(8, 0)).build();
        IndexedPassage p4 = passage(small, "four dimensional").vector(axis(4, 0)).build();
        IndexedPassage wide = passage(small, "wide model").vector(axis(1536, 5)).build();
        index.upsert(List.of(p8, p4, wide));

        assertThat(ids(index.search(IndexQuery.of(ORG, agent, null, axis(8, 0)))), contains(p8.id()));
        assertThat(ids(index.search(IndexQuery.of(ORG, small, null, axis(4, 0)))), contains(p4.id()));
        assertThat(ids(index.search(IndexQuery.of(ORG, small, null, axis(1536, 5)))), contains(wide.id()));
        assertThat(index.search(IndexQuery.of(ORG, small, null, axis(16, 0))), empty());
        assertEquals(2, index.count(ORG, small));
    }

    @Test
    void a_passage_that_gains_a_vector_is_indexed_once() {
        IndexedPassage textOnly = passage(agent, "embedded later").id("passage-later").build();
        index.upsert(List.of(textOnly));
        index.upsert(List.of(passage(agent, "embedded later").id("passage-later").vector(axis(DIM, 2)).build()));

        assertEquals(1, index.count(ORG, agent));
        assertThat(ids(index.search(text(agent, "embedded"))), contains("passage-later"));
        assertThat(ids(index.search(IndexQuery.of(ORG, agent, null, axis(DIM, 2)))), contains("passage-later"));
    }
}
