package dev.engram.memory.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one English analysis used for BM25 by both adapters (Lucene indexes with it, the Qdrant adapter encodes its
 * sparse vectors with it), so that a query matches the same terms whichever backend runs.
 *
 * <p>Unicode word splitting, possessives dropped, lower case, accents folded, English stop words removed, then a
 * light plural stemmer ("dogs" finds "dog", "preferences" finds "preference"). Porter would also merge
 * "organization" with "organ"; KStem leaves common plurals such as "dogs" alone. Plural folding recovers most of
 * what stemming adds to BM25 while conflating almost nothing, and the dense ranking covers the rest.
 */
public final class TextAnalyzer extends Analyzer {

    /** Thread-safe: Lucene keeps per-thread token stream components. */
    public static final TextAnalyzer INSTANCE = new TextAnalyzer();

    private TextAnalyzer() {
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream stream = new EnglishPossessiveFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        stream = new EnglishMinimalStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    /** The terms of a text in order, repeats included; empty for null or blank text. */
    public List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            // a StringReader never fails
            throw new UncheckedIOException(e);
        }
        return terms;
    }
}
