package dev.engram.memory.index.embedded;

import dev.engram.memory.index.EpochMicros;
import dev.engram.memory.index.IndexHit;
import dev.engram.memory.index.IndexedPassage;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The Lucene document layout of a passage. */
final class PassageDocuments {

    /** Organization-scoped unique key: what upserts replace and deletes remove. */
    static final String KEY = "key";
    static final String ID = "id";
    static final String ORG = "org";
    static final String AGENT = "agent";
    static final String TAG = "tag";
    static final String CREATED = "created_us";
    static final String TEXT = "text";
    static final Set<String> SHOWN = Set.of(ID, TAG, CREATED, TEXT);

    /** BM25 needs term frequencies and norms, not positions: no phrase queries, a smaller index. */
    private static final FieldType TEXT_TYPE = new FieldType();

    static {
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        TEXT_TYPE.setTokenized(true);
        TEXT_TYPE.setStored(true);
        TEXT_TYPE.freeze();
    }

    /** The same analysis, not stored: for text indexed with its context, whose stored value is the text alone. */
    private static final FieldType INDEXED_TEXT_TYPE = new FieldType(TEXT_TYPE);

    static {
        INDEXED_TEXT_TYPE.setStored(false);
        INDEXED_TEXT_TYPE.freeze();
    }

    private PassageDocuments() {
    }

    static Term key(String organizationId, String passageId) {
        // the separator cannot occur in ids, so distinct (organization, id) pairs never share a key
        return new Term(KEY, organizationId + '\u0000' + passageId);
    }

    /** One vector field per dimension: agents with different embedding models share the index. */
    static String vectorField(int dimension) {
        return "vec_" + dimension;
    }

    static Document toDocument(IndexedPassage passage) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key(passage.organizationId(), passage.id()).text(), Field.Store.NO));
        doc.add(new StoredField(ID, passage.id()));
        doc.add(new StringField(ORG, passage.organizationId(), Field.Store.NO));
        doc.add(new StringField(AGENT, passage.agentId(), Field.Store.NO));
        for (String tag : passage.tags()) {
            doc.add(new StringField(TAG, tag, Field.Store.YES));
        }
        doc.add(new LongField(CREATED, EpochMicros.of(passage.createdAt()), Field.Store.YES));
        if (passage.context() == null) {
            doc.add(new Field(TEXT, passage.text(), TEXT_TYPE));
        } else {
            // BM25 sees the text and its context; a hit shows the text alone
            doc.add(new Field(TEXT, passage.searchText(), INDEXED_TEXT_TYPE));
            doc.add(new StoredField(TEXT, passage.text()));
        }
        if (passage.vector() != null) {
            // vectors are unit length (IndexedPassage normalises), so dot product is cosine and cheaper
            doc.add(new KnnFloatVectorField(vectorField(passage.dimension()), passage.vector(),
                    VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    static IndexHit toHit(Document stored, double score) {
        List<String> tags = Arrays.asList(stored.getValues(TAG));
        IndexableField created = stored.getField(CREATED);
        return new IndexHit(stored.get(ID), score, stored.get(TEXT), tags,
                EpochMicros.toInstant(created.numericValue().longValue()));
    }
}
