package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The extraction endpoints: submit, status (long-poll), output URL, results, details, list, cancel, answers, delete. */
final class ExtractionsApi {
    private static final Pattern UUID_RE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> COMPARED = List.of("upload_session_id", "file_ids", "prompt", "output_structure", "options");
    /** OutputDownloadUrlResponse.expires_in_seconds is const 300 in the contract. */
    static final int OUTPUT_URL_EXPIRES_IN_SECONDS = 300;
    private final SandboxServer server;
    private final ExtractionViews views;

    ExtractionsApi(SandboxServer server) {
        this.server = server;
        this.views = new ExtractionViews(server);
    }

    void register(ApiRouter r) {
        r.add("POST", "/extractions", "submitExtraction", this::submit);
        r.add("GET", "/extractions", "listExtractions", this::list);
        r.add("GET", "/extractions/([^/]+)", "getExtraction", this::status);
        r.add("DELETE", "/extractions/([^/]+)", "deleteExtraction", this::delete);
        r.add("GET", "/extractions/([^/]+)/output", "getOutputDownloadUrl", this::output);
        r.add("GET", "/extractions/([^/]+)/results", "getExtractionResults", this::results);
        r.add("GET", "/extractions/([^/]+)/details", "getExtractionDetails", this::details);
        r.add("POST", "/extractions/([^/]+)/cancel", "cancelExtraction", this::cancel);
        r.add("POST", "/extractions/([^/]+)/answers", "answerExtractionQuestions", this::answers);
        r.add("GET", "/credits/balance", "getCreditsBalance", c -> {
            synchronized (c.account) {
                ObjectNode b = Json.obj();
                b.put("success", true).put("credits_balance", c.account.creditsBalance).put("credits_reserved", c.account.creditsReserved);
                return Reply.ok(b);
            }
        });
    }

    private static void checkScope(Call c) {
        String scope = c.queryValue("scope");
        if (scope != null && !scope.equals("own") && !scope.equals("team")) {
            throw Errors.invalid("scope must be own or team.", List.of("scope"));
        }
        if ("team".equals(scope)) {
            throw ApiError.of(403, "FORBIDDEN", "scope=team needs a team admin's key; omit scope or send scope=own.");
        }
    }

    /** The extraction named in the path, within this account, its answer_by enforced; caller holds the lock. */
    private Extraction find(Call c) {
        checkScope(c);
        String id = c.param(1);
        if (!UUID_RE.matcher(id).matches()) {
            throw Errors.invalid("extraction_id must be a UUID as returned by POST /v1/extractions.", List.of("extraction_id"));
        }
        Extraction e = c.account.extractions.get(id.toLowerCase(Locale.ROOT));
        if (e == null || e.deleted) {
            throw Errors.notFound(id);
        }
        server.processor().expireIfDue(c.account, e);
        return e;
    }

    private Reply submit(Call c) {
        Instant resumesAt = server.submissionPause().resumesAt(Instant.now());
        if (resumesAt != null) {
            throw new ApiError(503, "SUBMISSIONS_PAUSED", "Submissions are paused for a deploy and nothing was submitted;"
                    + " send the same request again after details.resumes_at (UTC).", true,
                    Json.map("resumes_at", resumesAt.toString()));
        }
        JsonNode b = c.body;
        validatePrompt(b.path("prompt"));
        Account a = c.account;
        synchronized (a) {
            String submissionId = b.path("submission_id").asText();
            String existingId = a.submissions.get(submissionId);
            if (existingId != null) {
                Extraction prior = a.extractions.get(existingId);
                List<String> differing = new ArrayList<>();
                for (String f : COMPARED) {
                    if (!prior.request.path(f).equals(b.path(f))) {
                        differing.add(f);
                    }
                }
                if (!differing.isEmpty()) {
                    throw ApiError.of(409, "SUBMISSION_ID_ALREADY_USED", "This submission_id already belongs to the extraction in details.extraction_id, "
                            + "and this request is not the one that created it: details.differing_fields lists what differs. To run a new extraction, "
                            + "submit again with a new submission_id. If you meant to retry the earlier request, do not submit again: get that "
                            + "extraction with GET /v1/extractions/" + existingId + ".",
                            Json.map("extraction_id", existingId, "differing_fields", differing));
                }
                return Reply.of(202, submitted(existingId));
            }
            String sessionId = b.path("upload_session_id").asText();
            UploadSession s = a.sessions.get(sessionId);
            List<Map<String, Object>> issues = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Path> paths = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            JsonNode fileIds = b.path("file_ids");
            for (int i = 0; i < fileIds.size(); i++) {
                String id = fileIds.get(i).asText();
                UploadSession.UploadFile f = s == null ? null : s.files.get(id);
                if (f == null || !f.completed) {
                    issues.add(Json.map("message", "file " + id + (f == null ? " is not in upload session " + sessionId
                            : " has not been completed; upload its parts and call complete first") + ".", "path", List.of("file_ids", i)));
                } else if (!ids.contains(id)) {
                    ids.add(id);
                    names.add(f.fileName);
                    paths.add(f.assembled);
                }
            }
            if (!issues.isEmpty()) {
                throw Errors.invalidIssues(issues);
            }
            String id = UUID.randomUUID().toString();
            Extraction e = new Extraction(id, submissionId, b.deepCopy(), sessionId, ids, names, paths,
                    b.path("task_name").asText(), Instant.now());
            // one whose answer_by passed is no longer running, even if its deadline's task has not run yet
            a.extractions.values().forEach(x -> server.processor().expireIfDue(a, x));
            int running = (int) a.extractions.values().stream().filter(x -> !x.terminal()).count();
            int limit = server.config().maxRunningExtractions();
            a.extractions.put(id, e);
            a.submissions.put(submissionId, id);
            server.recorder().timeline().submitted(id, submissionId, e.createdAt);
            if (running >= limit) {
                // accepted like any submit (202, idempotent), but final at once: the account runs as many as it may
                server.processor().refuseOverLimit(a, e, running, limit);
            } else {
                server.processor().start(a, e);
            }
            return Reply.of(202, submitted(id));
        }
    }

    private static ObjectNode submitted(String id) {
        ObjectNode r = Json.obj();
        r.put("success", true).put("extraction_id", id).put("submission_state", "received");
        return r;
    }

    private static String norm(String name) {
        return name.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    }

    private static void validatePrompt(JsonNode prompt) {
        if (!prompt.isObject()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        List<Map<String, Object>> issues = new ArrayList<>();
        JsonNode fields = prompt.path("fields");
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).path("name").asText();
            String n = norm(name);
            if (n.equals("sourcefile") || n.equals("reviewneeded")) {
                issues.add(Json.map("message", "Field name " + name + " is reserved for a system column; choose another name.",
                        "path", List.of("prompt", "fields", i, "name")));
            } else if (!seen.add(n)) {
                issues.add(Json.map("message", "Field name " + name + " repeats another field's name (ignoring case, spaces and underscores); make every name unique.",
                        "path", List.of("prompt", "fields", i, "name")));
            }
        }
        if (!issues.isEmpty()) {
            throw Errors.invalidIssues(issues);
        }
    }

    private Reply status(Call c) {
        checkScope(c);
        int wait = c.intQuery("wait", 1, 45, 0);
        Account a = c.account;
        long deadline = System.currentTimeMillis() + wait * 1000L;
        synchronized (a) {
            Extraction e = find(c);
            while (e.status.equals("processing") && !e.deleted) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || server.stopping()) {
                    break;
                }
                try {
                    a.wait(Math.min(left, 500));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Reply.ok(views.status(a, e));
        }
    }

    private Reply output(Call c) {
        String format = c.queryValue("format");
        if (format == null || !List.of("xlsx", "csv", "json").contains(format)) {
            throw Errors.invalid("format is required: one of xlsx, csv, json.", List.of("format"));
        }
        synchronized (c.account) {
            Extraction e = find(c);
            requireCompleted(e);
            ObjectNode r = Json.obj();
            // a fresh URL is what this endpoint is for: expiredDownloadUrls only spoils the ones in status responses
            r.put("download_url", views.downloadUrl(c.account, e, format, false));
            r.put("format", format);
            // The contract fixes expires_in_seconds at const 300. A test-configured downloadUrlTtlSeconds (or
            // expiredDownloadUrls) still makes the signed URL expire at its own time; only this number stays 300
            // so the response never breaks the schema.
            r.put("expires_in_seconds", OUTPUT_URL_EXPIRES_IN_SECONDS);
            return Reply.ok(r);
        }
    }

    private static void requireCompleted(Extraction e) {
        if (!e.status.equals("completed")) {
            throw ApiError.of(404, "OUTPUT_NOT_AVAILABLE", "Extraction " + e.id + " is " + e.status
                    + ", so it has no output; wait until its status is completed.", Json.map("status", e.status));
        }
    }

    private Reply results(Call c) {
        int offset = c.intQuery("offset", 0, Integer.MAX_VALUE, 0);
        int limit = c.intQuery("limit", 1, 1000, 100);
        synchronized (c.account) {
            Extraction e = find(c);
            requireCompleted(e);
            int total = e.rows.size();
            int from = Math.min(offset, total);
            int to = Math.min(total, from + limit);
            ObjectNode r = Json.obj();
            r.put("success", true).put("extraction_id", e.id).put("status", "completed")
                    .put("output_structure", e.resolvedStructure).put("output_expires_at", ExtractionViews.ts(e.outputExpiresAt()))
                    .put("json_typed_values", e.option("json_typed_values"));
            ArrayNode cols = r.putArray("columns");
            e.columns.forEach(cols::add);
            ArrayNode rows = r.putArray("rows");
            for (int i = from; i < to; i++) {
                rows.add(e.rows.get(i).deepCopy());
            }
            r.put("offset", offset).put("limit", limit).put("row_count", to - from).put("total_rows", total)
                    .put("has_more", to < total);
            if (to < total) {
                r.put("next_offset", to);
            } else {
                r.putNull("next_offset");
            }
            ObjectNode rn = r.putObject("review_needed");
            rn.put("count", e.reviewItems.size());
            ArrayNode items = rn.putArray("items");
            for (JsonNode item : e.reviewItems) {
                for (JsonNode n : item.path("output_row_numbers")) {
                    if (n.asInt() > from && n.asInt() <= to) {
                        items.add(item.deepCopy());
                        break;
                    }
                }
            }
            r.set("pages", e.pages.deepCopy());
            return Reply.ok(r);
        }
    }

    private Reply details(Call c) {
        synchronized (c.account) {
            Extraction e = find(c);
            ObjectNode r = Json.obj();
            r.put("success", true);
            r.set("extraction", views.details(e));
            return Reply.ok(r);
        }
    }

    private Reply list(Call c) {
        checkScope(c);
        int limit = c.intQuery("limit", 1, 100, 25);
        String status = c.queryValue("status");
        String method = c.queryValue("submission_method");
        Instant after = instant(c, "created_after");
        Instant before = instant(c, "created_before");
        int start = 0;
        String cursor = c.queryValue("cursor");
        if (cursor != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(7));
            } catch (RuntimeException ex) {
                throw Errors.invalid("cursor is not a next_cursor this API returned; pass next_cursor unchanged.", List.of("cursor"));
            }
        }
        synchronized (c.account) {
            List<Extraction> all = new ArrayList<>(c.account.extractions.values());
            java.util.Collections.reverse(all);
            List<Extraction> matching = all.stream().filter(e -> !e.deleted)
                    .filter(e -> status == null || e.status.equals(status))
                    .filter(e -> method == null || method.equals("api"))
                    .filter(e -> after == null || !e.createdAt.isBefore(after))
                    .filter(e -> before == null || !e.createdAt.isAfter(before)).toList();
            ObjectNode r = Json.obj();
            r.put("success", true);
            ArrayNode arr = r.putArray("extractions");
            int end = Math.min(matching.size(), start + limit);
            for (int i = Math.min(start, end); i < end; i++) {
                arr.add(views.listItem(matching.get(i)));
            }
            boolean more = end < matching.size();
            r.put("has_more", more);
            if (more) {
                r.put("next_cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(("cursor_" + end).getBytes(StandardCharsets.UTF_8)));
            } else {
                r.putNull("next_cursor");
            }
            return Reply.ok(r);
        }
    }

    private static Instant instant(Call c, String name) {
        String v = c.queryValue(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            throw Errors.invalid(name + " must be an ISO 8601 date-time with a timezone.", List.of(name));
        }
    }

    private Reply cancel(Call c) {
        Account a = c.account;
        synchronized (a) {
            Extraction e = find(c);
            switch (e.status) {
                case "completed", "failed" -> throw ApiError.of(409, "EXTRACTION_NOT_CANCELLABLE", "Extraction " + e.id + " has already "
                        + e.status + " and cannot be cancelled; read its status instead.", Json.map("status", e.status));
                case "cancelled" -> {
                    return Reply.ok(views.status(a, e));
                }
                default -> {
                    if (!e.cancelRequested) {
                        e.cancelRequested = true;
                        e.cancelRequestedAt = Instant.now();
                        server.processor().requestCancel(a, e);
                    }
                    ObjectNode r = Json.obj();
                    r.put("success", true).put("extraction_id", e.id).put("status", "processing")
                            .put("cancellation_requested", true).put("cancel_requested_at", ExtractionViews.ts(e.cancelRequestedAt));
                    return Reply.ok(r);
                }
            }
        }
    }

    private Reply answers(Call c) {
        Account a = c.account;
        synchronized (a) {
            Extraction e = find(c);
            JsonNode answers = c.body.path("answers");
            List<Map<String, Object>> issues = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < answers.size(); i++) {
                JsonNode ans = answers.get(i);
                String qid = ans.path("question_id").asText();
                JsonNode q = null;
                if (e.questions != null) {
                    for (JsonNode x : e.questions) {
                        if (x.path("question_id").asText().equals(qid)) {
                            q = x;
                        }
                    }
                }
                if (q == null) {
                    issues.add(Json.map("message", "question_id " + qid + " was never asked by this extraction.", "path", List.of("answers", i, "question_id")));
                    continue;
                }
                if (!seen.add(qid)) {
                    issues.add(Json.map("message", "question " + qid + " is answered twice in this request; answer it once.", "path", List.of("answers", i, "question_id")));
                }
                if (ans.has("accept_recommended") && (ans.has("choice_id") || ans.has("text"))) {
                    issues.add(Json.map("message", "accept_recommended cannot be sent with choice_id or text.", "path", List.of("answers", i, "accept_recommended")));
                }
                if (ans.has("choice_id")) {
                    boolean offered = false;
                    for (JsonNode ch : q.path("choices")) {
                        offered |= ch.path("choice_id").asText().equals(ans.path("choice_id").asText());
                    }
                    if (!offered) {
                        issues.add(Json.map("message", "choice_id " + ans.path("choice_id").asText() + " is not offered by question " + qid + ".",
                                "path", List.of("answers", i, "choice_id")));
                    }
                }
                if (!ans.has("choice_id") && !ans.has("text") && !ans.path("accept_recommended").asBoolean(false)) {
                    issues.add(Json.map("message", "give a choice_id, text or accept_recommended: true.", "path", List.of("answers", i)));
                }
            }
            if (!issues.isEmpty()) {
                throw Errors.invalidIssues(issues);
            }
            if (e.status.equals("input_required") && !e.cancelRequested) {
                for (JsonNode ans : answers) {
                    e.answers.put(ans.path("question_id").asText(), ans.deepCopy());
                }
                boolean all = true;
                for (JsonNode q : e.questions) {
                    all &= e.answers.containsKey(q.path("question_id").asText());
                }
                if (all) {
                    server.processor().resume(a, e);
                }
            }
            return Reply.ok(views.status(a, e));
        }
    }

    private Reply delete(Call c) throws IOException {
        synchronized (c.account) {
            Extraction e = find(c);
            if (e.status.equals("processing") || e.status.equals("input_required")) {
                throw ApiError.of(409, "EXTRACTION_IN_PROGRESS", "Extraction " + e.id + " is still " + e.status
                        + "; wait for it to finish, or cancel it, then delete.", Json.map("status", e.status));
            }
            e.deleted = true;
            for (Path p : e.outputs.values()) {
                Files.deleteIfExists(p);
            }
            ObjectNode r = Json.obj();
            r.put("success", true);
            return Reply.ok(r);
        }
    }
}
