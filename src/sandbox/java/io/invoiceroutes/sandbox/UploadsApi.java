package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The upload endpoints: create a session, issue signed part URLs, complete a file. */
final class UploadsApi {
    static final long MAX_PDF = 157_286_400L;
    static final long MAX_IMAGE = 5_242_880L;
    static final long MAX_TOTAL = 2_147_483_648L;

    private final SandboxServer server;

    UploadsApi(SandboxServer server) {
        this.server = server;
    }

    void register(ApiRouter router) {
        router.add("POST", "/uploads/sessions", "createUploadSession", this::createSession);
        router.add("POST", "/uploads/sessions/([^/]+)/parts", "getUploadPartUrls", this::partUrls);
        router.add("POST", "/uploads/sessions/([^/]+)/complete", "completeFileUpload", this::complete);
        router.add("POST", "/uploads/import", "importAttachedFiles", c -> {
            throw Errors.invalid("The sandbox cannot read assistant download links; upload the files with "
                    + "POST /v1/uploads/sessions, the part URLs and complete instead.", List.of("files"));
        });
    }

    private Reply createSession(Call c) {
        String sessionId = c.body.path("upload_session_id").asText();
        JsonNode files = c.body.path("files");
        if (!files.isArray() || files.isEmpty()) {
            throw Errors.invalid("files must be a non-empty array.", List.of("files"));
        }
        List<Map<String, Object>> issues = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            String name = f.path("file_name").asText();
            String problem = fileNameProblem(name);
            if (problem != null) {
                issues.add(Json.map("message", problem, "path", List.of("files", i, "file_name")));
            }
        }
        if (!issues.isEmpty()) {
            throw Errors.invalidIssues(issues);
        }
        for (JsonNode f : files) {
            String id = f.path("file_id").asText();
            String name = f.path("file_name").asText();
            long size = f.path("file_size_bytes").asLong();
            if (!ids.add(id)) {
                throw ApiError.of(400, "DUPLICATE_FILE_ID", "file_id " + id + " appears more than once; give every file its own file_id.",
                        Json.map("file_id", id));
            }
            if (!names.add(name)) {
                throw ApiError.of(400, "DUPLICATE_FILE_NAME", "file_name " + name + " appears more than once in this session; rename one of the files.",
                        Json.map("file_name", name));
            }
            long limit = isPdf(name) ? MAX_PDF : MAX_IMAGE;
            if (size > limit) {
                throw ApiError.of(400, "FILE_TOO_LARGE", "File " + name + " is " + size + " bytes, over the limit of " + limit
                        + " bytes for this file type; split or compress it.",
                        Json.map("file_id", id, "file_name", name, "file_size_bytes", size, "max_size_bytes", limit));
            }
            total += size;
        }
        if (total > MAX_TOTAL) {
            throw ApiError.of(400, "TOTAL_UPLOAD_SIZE_LIMIT_EXCEEDED", "The files together are " + total
                    + " bytes, over the 2 GB session limit; split them into several sessions.",
                    Json.map("total_size_bytes", total, "max_total_size_bytes", MAX_TOTAL));
        }
        Account a = c.account;
        synchronized (a) {
            UploadSession existing = a.sessions.get(sessionId);
            if (existing != null) {
                if (!existing.filesRequest.equals(files)) {
                    throw ApiError.of(409, "SESSION_ALREADY_INITIALIZED", "upload_session_id " + sessionId
                            + " is already in use with different files; use a new upload_session_id for these files.",
                            Json.map("upload_session_id", sessionId));
                }
                return Reply.ok(sessionResponse(existing));
            }
            if (a.usable() < files.size()) {
                throw ApiError.of(402, "INSUFFICIENT_CREDITS", "Every file needs one available credit: " + files.size()
                        + " files but only " + a.usable() + " available credits. Upload fewer files or buy credits in the dashboard.",
                        Json.map("credits_balance", a.creditsBalance, "credits_reserved", a.creditsReserved, "file_count", files.size()));
            }
            UploadSession s = new UploadSession(sessionId, files.deepCopy(), server.config().partSize());
            for (JsonNode f : files) {
                String id = f.path("file_id").asText();
                s.files.put(id, new UploadSession.UploadFile(id, f.path("file_name").asText(), f.path("file_size_bytes").asLong()));
            }
            a.sessions.put(sessionId, s);
            return Reply.ok(sessionResponse(s));
        }
    }

    private static ObjectNode sessionResponse(UploadSession s) {
        ObjectNode r = Json.obj();
        r.put("success", true);
        r.put("upload_session_id", s.id);
        ArrayNode arr = r.putArray("files");
        for (UploadSession.UploadFile f : s.files.values()) {
            arr.addObject().put("file_id", f.fileId).put("file_name", f.fileName).put("part_size", s.partSize);
        }
        return r;
    }

    static boolean isPdf(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    static String fileNameProblem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".pdf") || lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png"))) {
            return "file_name must end with a supported extension: .pdf, .jpg, .jpeg, or .png.";
        }
        if (!name.equals(name.strip())) {
            return "file_name must not start or end with whitespace.";
        }
        if (name.contains("/") || name.contains("\\")) {
            return "file_name must not contain slashes; send the bare file name.";
        }
        for (char ch : name.toCharArray()) {
            if (Character.isISOControl(ch)) {
                return "file_name must not contain control characters.";
            }
        }
        return null;
    }

    private UploadSession.UploadFile file(Account a, String sessionId, String fileId) {
        UploadSession s = a.sessions.get(sessionId);
        UploadSession.UploadFile f = s == null ? null : s.files.get(fileId);
        if (f == null) {
            throw ApiError.of(404, "FILE_NOT_FOUND", "file_id " + fileId + " was not registered in upload session " + sessionId
                    + "; register it with POST /v1/uploads/sessions first.", Json.map("file_id", fileId, "upload_session_id", sessionId));
        }
        return f;
    }

    private Reply partUrls(Call c) {
        String sessionId = c.param(1);
        String fileId = c.body.path("file_id").asText();
        Account a = c.account;
        synchronized (a) {
            UploadSession s = a.sessions.get(sessionId);
            UploadSession.UploadFile f = file(a, sessionId, fileId);
            if (f.completed) {
                throw ApiError.of(409, "FILE_NOT_UPLOADABLE", "File " + fileId + " has already been completed; it needs no more parts. Submit it in an extraction.",
                        Json.map("file_id", fileId));
            }
            int total = f.totalParts(s.partSize);
            Set<Integer> numbers = new LinkedHashSet<>();
            List<Map<String, Object>> issues = new ArrayList<>();
            JsonNode arr = c.body.path("part_numbers");
            for (int i = 0; i < arr.size(); i++) {
                int n = arr.get(i).asInt();
                if (n < 1 || n > total) {
                    issues.add(Json.map("message", "part number " + n + " is out of range: this file has " + total
                            + " parts (ceil(file_size_bytes / part_size)).", "path", List.of("part_numbers", i)));
                }
                numbers.add(n);
            }
            if (!issues.isEmpty()) {
                throw Errors.invalidIssues(issues);
            }
            ObjectNode r = Json.obj();
            r.put("success", true).put("upload_session_id", sessionId).put("file_id", fileId)
                    .put("file_name", f.fileName).put("part_size", s.partSize);
            ArrayNode urls = r.putArray("part_urls");
            SandboxConfig cfg = server.config();
            for (int n : numbers) {
                int issued = f.urlsIssued.merge(n, 1, Integer::sum);
                boolean expired = cfg.expiredPartUrls() || (cfg.expirePartUrlsOnce() && issued == 1);
                String path = "/storage/uploads/" + a.token + "/" + sessionId + "/" + fileId + "/" + n;
                urls.addObject().put("part_number", n).put("url", server.signedUrl("PUT", path, cfg.partUrlTtlSeconds(), expired));
            }
            return Reply.ok(r);
        }
    }

    private Reply complete(Call c) throws IOException {
        String sessionId = c.param(1);
        String fileId = c.body.path("file_id").asText();
        Account a = c.account;
        synchronized (a) {
            UploadSession s = a.sessions.get(sessionId);
            if (s == null) {
                throw ApiError.of(409, "UPLOAD_ID_NOT_FOUND", "Upload session " + sessionId
                        + " is not available; create the session again and upload the file.", Json.map("upload_session_id", sessionId));
            }
            UploadSession.UploadFile f = file(a, sessionId, fileId);
            ObjectNode r = Json.obj();
            r.put("success", true).put("upload_session_id", sessionId).put("file_id", fileId).put("file_name", f.fileName);
            if (f.completed) {
                return Reply.ok(r);
            }
            if (server.config().refuseFirstCompletion() && !f.refusedOnce) {
                // storage "lost" the parts: the client must upload every part again before completing
                f.refusedOnce = true;
                for (UploadSession.Part p : f.parts.values()) {
                    Files.deleteIfExists(p.path());
                }
                f.parts.clear();
                throw completionError("part_not_uploaded", "the uploaded parts are no longer available (injected"
                        + " fault); upload every part again, then complete the file.", fileId);
            }
            int total = f.totalParts(s.partSize);
            Set<Integer> seen = new HashSet<>();
            for (JsonNode p : c.body.path("parts")) {
                int n = p.path("part_number").asInt();
                String etag = p.path("e_tag").asText();
                if (!seen.add(n)) {
                    throw completionError("duplicate_part_number", "part " + n + " is listed twice.", fileId);
                }
                if (n > total) {
                    throw completionError("unexpected_part_number", "part " + n + " is beyond this file's " + total + " parts.", fileId);
                }
                UploadSession.Part stored = f.parts.get(n);
                if (stored == null) {
                    throw completionError("part_not_uploaded", "part " + n + " has not been uploaded; PUT it to its URL first.", fileId);
                }
                if (!stored.etag().equals(etag)) {
                    throw completionError("etag_mismatch", "the e_tag of part " + n + " does not match the uploaded part; send the ETag header of its PUT response, quotes included.", fileId);
                }
            }
            if (seen.size() != total) {
                List<Integer> missing = new ArrayList<>();
                for (int i = 1; i <= total; i++) {
                    if (!seen.contains(i)) {
                        missing.add(i);
                    }
                }
                throw completionError("missing_parts", "parts " + missing + " are missing; list every part from 1 to " + total + ".", fileId);
            }
            long actual = f.parts.values().stream().mapToLong(UploadSession.Part::size).sum();
            if (actual != f.size) {
                throw ApiError.of(422, "OBJECT_SIZE_MISMATCH", "The uploaded parts hold " + actual + " bytes but file_size_bytes was "
                        + f.size + "; upload the exact bytes of the file (or register its exact size in a new session).",
                        Json.map("file_id", fileId, "declared_size_bytes", f.size, "actual_size_bytes", actual));
            }
            Path target = server.state().storage().resolve("files").resolve(a.token).resolve(sessionId).resolve(fileId).resolve(f.fileName);
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(target)) {
                for (UploadSession.Part p : f.parts.values()) {
                    Files.copy(p.path(), out);
                }
            }
            for (UploadSession.Part p : f.parts.values()) {
                Files.deleteIfExists(p.path());
            }
            f.assembled = target;
            f.completed = true;
            r.put("status", "completed");
            return Reply.ok(r);
        }
    }

    private static ApiError completionError(String reason, String message, String fileId) {
        return ApiError.of(400, "INVALID_COMPLETION_PARTS", "The parts do not complete file " + fileId + ": " + message,
                Json.map("reason", reason, "file_id", fileId));
    }

    /** Called by storage when a part's bytes are stored. */
    static Instant now() {
        return Instant.now();
    }
}
