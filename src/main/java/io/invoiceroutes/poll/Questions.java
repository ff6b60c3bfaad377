package io.invoiceroutes.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions an extraction stopped to ask ({@code input_required}): the document written to questions/ for
 * an operator, and the answers body that accepts every recommendation when auto-accept is on.
 */
public class Questions {

    /** {@code {"answers":[{"question_id":..,"accept_recommended":true}, ...]}} for every open question. */
    public Map<String, Object> acceptRecommended(Map<String, Object> status) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (Map<?, ?> question : questions(status)) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("question_id", question.get("question_id"));
            answer.put("accept_recommended", true);
            answers.add(answer);
        }
        return Map.of("answers", answers.subList(0, Math.min(15, answers.size())));
    }

    /** What an operator reads in questions/<batch>.json, with a ready-to-edit answers example. */
    public Map<String, Object> document(String batchId, Map<String, Object> status) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("batch_id", batchId);
        doc.put("extraction_id", status.get("extraction_id"));
        doc.put("answer_by", status.get("answer_by"));
        doc.put("how_to_answer", "Write answers/" + batchId + ".json with {\"answers\": [...]}: per question either"
                + " {\"question_id\": .., \"choice_id\": ..}, {\"question_id\": .., \"text\": ..} or"
                + " {\"question_id\": .., \"accept_recommended\": true}. The example below accepts every recommendation.");
        doc.put("questions", questions(status));
        doc.put("example_answers", acceptRecommended(status));
        doc.put("written_at", Instant.now().toString());
        return doc;
    }

    private static List<Map<?, ?>> questions(Map<String, Object> status) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (status.get("questions") instanceof List<?> list) {
            for (Object q : list) {
                if (q instanceof Map<?, ?> m) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
