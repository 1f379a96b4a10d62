package dev.engram.memory.index.embedded;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.Fusion;
import dev.engram.memory.index.Fusion.Scored;
import dev.engram.memory.index.FusionSettings;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexQuery;
import dev.engram.memory.index.SearchMode;
import dev.engram.memory.index.TextAnalyzer;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns an {@link IndexQuery} into Lucene queries on one point-in-time searcher, and the results into hits. */
final class LuceneSearch {

    private final FusionSettings fusion;

    LuceneSearch(FusionSettings fusion) {
        this.fusion = fusion;
    }

    List<IndexHit> run(IndexSearcher searcher, IndexQuery query) throws IOException {
        Query filter = filter(query);
        SearchMode mode = query.effectiveMode();
        List<Scored<Integer>> ranked = switch (mode) {
            case BM25 -> bm25(searcher, query, filter, query.topK());
            case DENSE -> dense(searcher, query, filter, query.topK());
            case HYBRID -> {
                // both rankings come from the same searcher, so Lucene doc ids identify passages across them
                int depth = fusion.depth(query.topK());
                yield Fusion.fuse(fusion.modeFor(query), fusion, dense(searcher, query, filter, depth),
                        bm25(searcher, query, filter, depth), query.topK());
            }
        };
        StoredFields stored = searcher.storedFields();
        List<IndexHit> hits = new ArrayList<>(ranked.size());
        for (Scored<Integer> s : ranked) {
            hits.add(PassageDocuments.toHit(stored.document(s.key(), PassageDocuments.SHOWN), s.score()));
        }
        return hits;
    }

    /** Every passage of one agent: the clause no search may drop. */
    static BooleanQuery.Builder agentFilter(String organizationId, String agentId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(PassageDocuments.ORG, organizationId)), Occur.FILTER)
                .add(new TermQuery(new Term(PassageDocuments.AGENT, agentId)), Occur.FILTER);
    }

    static Query filter(IndexQuery query) {
        List<String> agents = query.agentIds();
        BooleanQuery.Builder filter = agents.size() == 1 ? agentFilter(query.organizationId(), query.agentId())
                : new BooleanQuery.Builder()
                .add(new TermQuery(new Term(PassageDocuments.ORG, query.organizationId())), Occur.FILTER)
                .add(new TermInSetQuery(PassageDocuments.AGENT, agents.stream().map(BytesRef::new).toList()), Occur.FILTER);
        if (!query.tags().isEmpty()) {
            if (query.tagMatchAll()) {
                for (String tag : query.tags()) {
                    filter.add(new TermQuery(new Term(PassageDocuments.TAG, tag)), Occur.FILTER);
                }
            } else {
                filter.add(new TermInSetQuery(PassageDocuments.TAG, query.tags().stream()
                        .map(BytesRef::new).toList()), Occur.FILTER);
            }
        }
        if (query.start() != null || query.end() != null) {
            long from = query.start() == null ? Long.MIN_VALUE : EpochMicros.of(query.start());
            long to = query.end() == null ? Long.MAX_VALUE : EpochMicros.of(query.end());
            // points or doc values, whichever is cheaper next to the agent clause
            filter.add(LongField.newRangeQuery(PassageDocuments.CREATED, from, to), Occur.FILTER);
        }
        return filter.build();
    }

    /** Any query term may match (BM25 sums them); each distinct term counts once, as in the Qdrant adapter. */
    static Query textQuery(String text) {
        Set<String> terms = new LinkedHashSet<>(TextAnalyzer.INSTANCE.queryTerms(text));
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        terms.stream().limit(IndexSearcher.getMaxClauseCount())
                .forEach(term -> any.add(new TermQuery(new Term(PassageDocuments.TEXT, term)), Occur.SHOULD));
        return any.build();
    }

    private static List<Scored<Integer>> bm25(IndexSearcher searcher, IndexQuery query, Query filter, int depth)
            throws IOException {
        Query text = textQuery(query.text());
        if (text == null) {
            return List.of();
        }
        Query scoped = new BooleanQuery.Builder().add(text, Occur.MUST).add(filter, Occur.FILTER).build();
        return ranking(searcher.search(scoped, depth), false);
    }

    private static List<Scored<Integer>> dense(IndexSearcher searcher, IndexQuery query, Query filter, int depth)
            throws IOException {
        // Lucene searches the HNSW graph, or scans the filtered passages exactly when the filter is selective
        Query knn = new KnnFloatVectorQuery(PassageDocuments.vectorField(query.vector().length), query.vector(),
                depth, filter);
        return ranking(searcher.search(knn, depth), true);
    }

    private static List<Scored<Integer>> ranking(TopDocs top, boolean cosine) {
        List<Scored<Integer>> ranking = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc d : top.scoreDocs) {
            // Lucene scores unit-vector dot products as (1 + cos) / 2; report cosine like Qdrant does
            double score = cosine ? 2.0 * d.score - 1.0 : d.score;
            ranking.add(new Scored<>(d.doc, score));
        }
        return ranking;
    }
}
