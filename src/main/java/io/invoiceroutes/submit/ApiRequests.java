package io.invoiceroutes.submit;

import io.invoiceroutes.files.FileNames;
import io.invoiceroutes.upload.PartRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the JSON bodies of the API requests (as maps, marshalled by the routes) from job-store rows. */
public class ApiRequests {
    private final Object prompt;
    private final String outputStructure;
    private final boolean askQuestions;
    private final String taskNamePrefix;

    public ApiRequests(Object prompt, String outputStructure, boolean askQuestions, String taskNamePrefix) {
        this.prompt = prompt;
        this.outputStructure = outputStructure;
        this.askQuestions = askQuestions;
        this.taskNamePrefix = taskNamePrefix == null ? "" : taskNamePrefix.trim();
    }

    /**
     * The create-session body. File names are made unique within the session in file-id order, so a retry
     * sends exactly the same files (the contract's idempotency rule compares them).
     */
    public Map<String, Object> createSession(String uploadSessionId, List<Map<String, Object>> fileRows) {
        Map<String, String> names = sessionNames(fileRows);
        List<Map<String, Object>> files = new ArrayList<>();
        sorted(fileRows).forEach(row -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file_id", row.get("file_id"));
            file.put("file_name", names.get(String.valueOf(row.get("file_id"))));
            file.put("file_size_bytes", ((Number) row.get("size_bytes")).longValue());
            files.add(file);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upload_session_id", uploadSessionId);
        body.put("files", files);
        return body;
    }

    /** The name each file has in its session (file id to name), unique in file-id order. */
    public Map<String, String> sessionNames(List<Map<String, Object>> fileRows) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        sorted(fileRows).forEach(row -> names.put(String.valueOf(row.get("file_id")),
                FileNames.uniqueIn(String.valueOf(row.get("api_file_name")), taken)));
        return names;
    }

    /** The ids of the batch's files that the API named in a failure ({@code details.file_names}). */
    public List<String> fileIdsNamed(List<Map<String, Object>> fileRows, Map<String, Object> details) {
        Object listed = details == null ? null : details.get("file_names");
        if (!(listed instanceof List<?> named)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        sessionNames(fileRows).forEach((id, name) -> {
            if (named.contains(name)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
        return rows.stream()
                .sorted((a, b) -> String.valueOf(a.get("file_id")).compareTo(String.valueOf(b.get("file_id"))))
                .toList();
    }

    /** The part-URL request for one chunk of parts of a file. */
    public Map<String, Object> partUrls(String fileId, List<PartRange> chunk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", fileId);
        body.put("part_numbers", chunk.stream().map(PartRange::partNumber).toList());
        return body;
    }

    /** The part-URL request for a single part (a fresh URL after the first one expired). */
    public Map<String, Object> partUrl(String fileId, int partNumber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", fileId);
        body.put("part_numbers", List.of(partNumber));
        return body;
    }

    /** The completion body from the recorded part rows (part_number, e_tag). */
    public Map<String, Object> complete(String fileId, List<Map<String, Object>> partRows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", fileId);
        body.put("parts", partRows.stream().map(row -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("part_number", ((Number) row.get("part_number")).intValue());
            part.put("e_tag", row.get("e_tag"));
            return part;
        }).toList());
        return body;
    }

    /** The submit body; identical for every retry of the same batch, so the submission id stays valid. */
    public Map<String, Object> submit(String submissionId, String uploadSessionId, String batchId,
                                      List<Map<String, Object>> fileRows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submission_id", submissionId);
        body.put("upload_session_id", uploadSessionId);
        body.put("file_ids", fileRows.stream().map(row -> String.valueOf(row.get("file_id"))).sorted().toList());
        body.put("task_name", taskName(batchId));
        body.put("prompt", prompt);
        body.put("output_structure", outputStructure);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("json_typed_values", true);
        options.put("ask_questions", askQuestions);
        body.put("options", options);
        return body;
    }

    String taskName(String batchId) {
        String name = (taskNamePrefix.isEmpty() ? "" : taskNamePrefix + " ") + batchId;
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return name.length() < 3 ? (name + "___").substring(0, 3) : name;
    }
}
