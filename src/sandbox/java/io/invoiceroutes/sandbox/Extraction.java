package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One extraction's full record and lifecycle state; guarded by its account's monitor. */
final class Extraction {
    final String id;
    final String submissionId;
    final JsonNode request;
    final String sessionId;
    final List<String> fileIds;
    final List<String> fileNames;
    final List<Path> filePaths;
    final String taskName;
    final Instant createdAt;

    String status = "processing";
    int progress;
    boolean cancelRequested;
    Instant cancelRequestedAt;
    String cancellationReason;
    Long creditsDeducted;
    long reserved;
    /** How long it processes in all, set once its pages are counted (processingMillis + pages x millisPerPage). */
    long processingMillis;
    ObjectNode error;
    ArrayNode questions;
    Instant answerBy;
    final Map<String, JsonNode> answers = new LinkedHashMap<>();
    String resolvedStructure;
    ObjectNode pages;
    List<String> columns = new ArrayList<>();
    /** The rows exactly as the JSON output file holds them. */
    ArrayNode rows = Json.arr();
    ArrayNode reviewItems;
    ArrayNode notes;
    final Map<String, Path> outputs = new LinkedHashMap<>();
    boolean deleted;

    Extraction(String id, String submissionId, JsonNode request, String sessionId, List<String> fileIds,
               List<String> fileNames, List<Path> filePaths, String taskName, Instant createdAt) {
        this.id = id;
        this.submissionId = submissionId;
        this.request = request;
        this.sessionId = sessionId;
        this.fileIds = fileIds;
        this.fileNames = fileNames;
        this.filePaths = filePaths;
        this.taskName = taskName;
        this.createdAt = createdAt;
    }

    JsonNode options() {
        JsonNode o = request.get("options");
        return o == null ? Json.obj() : o;
    }

    boolean option(String name) {
        return options().path(name).asBoolean(false);
    }

    Instant outputExpiresAt() {
        return createdAt.plus(java.time.Duration.ofDays(90));
    }

    boolean terminal() {
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }
}
