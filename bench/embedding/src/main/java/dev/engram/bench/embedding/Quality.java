package dev.engram.bench.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Retrieval quality on LoCoMo: for every question with evidence, rank the turns of its conversation by cosine
 * similarity and count a hit when an evidence turn is among the top k.
 */
final class Quality {

    record Score(double hitAt5, double hitAt10, int questions) {
    }

    private Quality() {
    }

    /** @param turnVectors the vectors of {@link LoCoMo#turnTexts()}, in that order */
    static Score score(LoCoMo data, EmbeddingModel model, List<float[]> turnVectors) {
        int offset = 0;
        int hits5 = 0;
        int hits10 = 0;
        int questions = 0;
        for (LoCoMo.Conversation conversation : data.conversations()) {
            List<float[]> turns = turnVectors.subList(offset, offset + conversation.turns().size());
            offset += conversation.turns().size();
            List<float[]> asked = embedAll(model, conversation.questions().stream().map(LoCoMo.Question::text).toList());
            for (int q = 0; q < asked.size(); q++) {
                Integer[] order = rank(asked.get(q), turns);
                var evidence = conversation.questions().get(q).evidence();
                boolean in5 = false;
                boolean in10 = false;
                for (int r = 0; r < Math.min(10, order.length); r++) {
                    if (evidence.contains(conversation.turns().get(order[r]).diaId())) {
                        in10 = true;
                        in5 |= r < 5;
                    }
                }
                hits5 += in5 ? 1 : 0;
                hits10 += in10 ? 1 : 0;
                questions++;
            }
        }
        return new Score((double) hits5 / questions, (double) hits10 / questions, questions);
    }

    /** Mean cosine similarity between two models' vectors of the same texts. */
    static double agreement(List<float[]> a, List<float[]> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += dot(a.get(i), b.get(i));
        }
        return sum / a.size();
    }

    static List<float[]> embedAll(EmbeddingModel model, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (Embedding e : model.embedAll(texts.stream().map(TextSegment::from).toList()).content()) {
            out.add(e.vector());
        }
        return out;
    }

    private static Integer[] rank(float[] query, List<float[]> turns) {
        double[] scores = new double[turns.size()];
        Integer[] order = new Integer[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
            scores[i] = dot(query, turns.get(i));
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
        return order;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
