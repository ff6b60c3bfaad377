package io.invoiceroutes.submit;

import io.invoiceroutes.api.ApiRequest;
import io.invoiceroutes.files.FileNames;
import io.invoiceroutes.upload.FileUpload;
import io.invoiceroutes.upload.PartPut;
import io.invoiceroutes.upload.PartRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds every API request (method, path, JSON body as maps) the routes send, from job-store rows. */
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
    public ApiRequest createSession(String uploadSessionId, List<Map<String, Object>> fileRows) {
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
        return ApiRequest.post("/uploads/sessions", body);
    }

    /** The name each file has in its session (file id to name), unique in file-id order. */
    public static Map<String, String> sessionNames(List<Map<String, Object>> fileRows) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        sorted(fileRows).forEach(row -> names.put(String.valueOf(row.get("file_id")),
                FileNames.uniqueIn(String.valueOf(row.get("api_file_name")), taken)));
        return names;
    }

    /** The ids of the batch's files whose session names are among {@code names} (files an API failure named). */
    public static List<String> fileIdsNamed(List<Map<String, Object>> fileRows, List<String> names) {
        List<String> ids = new ArrayList<>();
        sessionNames(fileRows).forEach((id, name) -> {
            if (names.contains(name)) {
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
    public ApiRequest partUrls(FileUpload file, List<PartRange> chunk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", file.fileId());
        body.put("part_numbers", chunk.stream().map(PartRange::partNumber).toList());
        return ApiRequest.post("/uploads/sessions/" + file.uploadSessionId() + "/parts", body);
    }

    /** The part-URL request for a single part (a fresh URL after the first one expired). */
    public ApiRequest partUrl(String uploadSessionId, PartPut part) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", part.fileId());
        body.put("part_numbers", List.of(part.partNumber()));
        return ApiRequest.post("/uploads/sessions/" + uploadSessionId + "/parts", body);
    }

    /** The completion request from the recorded part rows (part_number, e_tag). */
    public ApiRequest complete(FileUpload file, List<Map<String, Object>> partRows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file_id", file.fileId());
        body.put("parts", partRows.stream().map(row -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("part_number", ((Number) row.get("part_number")).intValue());
            part.put("e_tag", row.get("e_tag"));
            return part;
        }).toList());
        return ApiRequest.post("/uploads/sessions/" + file.uploadSessionId() + "/complete", body);
    }

    /** The submit body; identical for every retry of the same batch, so the submission id stays valid. */
    public ApiRequest submit(String submissionId, String uploadSessionId, String batchId,
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
        return ApiRequest.post("/extractions", body);
    }

    /** The status call: held for up to {@code waitSeconds} (0 = a plain call). */
    public ApiRequest status(String extractionId, int waitSeconds) {
        return ApiRequest.get("/extractions/" + extractionId, waitSeconds > 0 ? "wait=" + waitSeconds : null);
    }

    /** Cancels an extraction (the request has no body). */
    public ApiRequest cancel(String extractionId) {
        return new ApiRequest("POST", "/extractions/" + extractionId + "/cancel", null, null);
    }

    /** Posts answers to an extraction's questions ({@code {"answers": [...]}} as the API takes it). */
    public ApiRequest answers(String extractionId, Map<String, Object> answers) {
        return ApiRequest.post("/extractions/" + extractionId + "/answers", answers);
    }

    /** A fresh download URL for one output format. */
    public ApiRequest output(String extractionId, String format) {
        return ApiRequest.get("/extractions/" + extractionId + "/output", "format=" + format.trim());
    }

    /** The credit balance (free; also how a key is verified). */
    public ApiRequest balance() {
        return ApiRequest.get("/credits/balance");
    }

    String taskName(String batchId) {
        String name = (taskNamePrefix.isEmpty() ? "" : taskNamePrefix + " ") + batchId;
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return name.length() < 3 ? (name + "___").substring(0, 3) : name;
    }
}
