package dev.engram.memory.index;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

class TextAnalyzerTest {

    private final TextAnalyzer analyzer = TextAnalyzer.INSTANCE;

    @Test
    void lower_cases_drops_stop_words_and_possessives() {
        assertThat(analyzer.terms("The USER's favourite Colour is Blue"), contains("user", "favourite", "colour", "blue"));
    }

    @Test
    void folds_plurals_onto_their_singular() {
        assertThat(analyzer.terms("dogs preferences meetings cities"), contains("dog", "preference", "meeting", "city"));
    }

    @Test
    void does_not_conflate_distinct_words() {
        assertThat(analyzer.terms("organization organ university universe"),
                contains("organization", "organ", "university", "universe"));
    }

    @Test
    void folds_accents() {
        assertThat(analyzer.terms("Café naïve"), contains("cafe", "naive"));
    }

    @Test
    void queries_drop_pronouns_auxiliaries_and_question_words() {
        assertThat(analyzer.queryTerms("When did Caroline go to the LGBTQ support group?"),
                contains("caroline", "go", "lgbtq", "support", "group"));
        assertThat(analyzer.queryTerms("What would she have done about her dogs?"), contains("done", "dog"));
    }

    @Test
    void a_query_of_nothing_but_such_words_keeps_them() {
        assertThat(analyzer.queryTerms("what did you do"), contains("what", "did", "you", "do"));
    }

    @Test
    void passages_keep_the_words_queries_drop() {
        assertThat(analyzer.terms("she did"), contains("she", "did"));
    }

    @Test
    void blank_or_stop_word_only_text_has_no_terms() {
        assertThat(analyzer.terms(null), empty());
        assertThat(analyzer.terms("   "), empty());
        assertThat(analyzer.terms("the of and"), empty());
    }
}
