package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs extractions in the background: inspect files, reserve credits, ask questions, then complete, fail or cancel. */
final class ExtractionProcessor {
    private final SandboxServer server;
    private final ScheduledExecutorService exec = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sandbox-processor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();

    /** What inspection decided: a failure envelope, or the documents to extract from. */
    private record Outcome(ObjectNode failure, List<DocumentReader.Doc> docs, long pages) {
    }

    ExtractionProcessor(SandboxServer server) {
        this.server = server;
    }

    void start(Account a, Extraction e) {
        exec.execute(() -> inspect(a, e));
    }

    /**
     * The sandbox's stand-in for the vendor's prompt review: a one-word sentence prompt is
     * PROMPT_UNCLEAR, and one asking to ignore instructions is PROMPT_REJECTED (deterministic, for tests).
     */
    private static ObjectNode promptFailure(Extraction e) {
        JsonNode prompt = e.request.path("prompt");
        if (!prompt.isTextual()) {
            return null;
        }
        String text = prompt.asText().trim().toLowerCase(java.util.Locale.ROOT);
        if (text.contains("ignore previous instructions")) {
            return failure("PROMPT_REJECTED", "The prompt asks for something other than extracting data from the"
                    + " documents; rewrite it to describe the fields to extract and submit with a new submission_id.", null);
        }
        if (text.split("\\s+").length < 2) {
            return failure("PROMPT_UNCLEAR", "The prompt does not say clearly what to extract; name the fields you"
                    + " want (for example: invoice number, date, vendor, total) and submit with a new submission_id.", null);
        }
        return null;
    }

    private long delay() {
        return server.config().processingMillis();
    }

    /** How long an extraction of this many readable pages processes: the base plus a share per page. */
    static long processingMillis(SandboxConfig config, long pages) {
        return config.processingMillis() + pages * config.millisPerPage();
    }

    private void inspect(Account a, Extraction e) {
        List<DocumentReader.Doc> docs = new ArrayList<>();
        for (int i = 0; i < e.filePaths.size(); i++) {
            docs.add(DocumentReader.read(e.filePaths.get(i), e.fileNames.get(i)));
        }
        ObjectNode failure = null;
        List<String> encrypted = docs.stream().filter(d -> "ENCRYPTED".equals(d.problem())).map(DocumentReader.Doc::fileName).toList();
        List<String> empty = docs.stream().filter(d -> d.problem() != null && !"ENCRYPTED".equals(d.problem()))
                .map(DocumentReader.Doc::fileName).toList();
        long pages = docs.stream().filter(d -> d.problem() == null).mapToLong(DocumentReader.Doc::pages).sum();
        if (!encrypted.isEmpty()) {
            failure = failure("ENCRYPTED_FILE", "These files are password protected: " + encrypted
                    + ". Remove the password, upload them again and submit with a new submission_id.", Json.map("file_names", encrypted));
        } else if (promptFailure(e) != null) {
            failure = promptFailure(e);
        } else if (pages == 0) {
            failure = failure("NO_PAGES_FOUND", "No readable pages were found in the submitted files " + empty
                    + "; check the files open correctly, then upload and submit again with a new submission_id.", Json.map("file_names", empty));
        }
        long millis = processingMillis(server.config(), pages);
        synchronized (a) {
            e.processingMillis = millis;
            if (failure == null) {
                if (a.usable() < pages) {
                    failure = failure("INSUFFICIENT_CREDITS", "Not enough credits for this extraction; details shows the credits required and your balance. "
                            + "Submit fewer pages, or buy credits in the dashboard, then submit again with a new submission_id.",
                            Json.map("credits_required", pages, "credits_balance", a.creditsBalance, "credits_reserved", a.creditsReserved));
                } else {
                    e.reserved = pages;
                    a.creditsReserved += pages;
                }
            }
            e.progress = 10;
        }
        String partWay = failure == null ? server.faults().failAfterStart() : null;
        if (partWay != null) {
            // retryableFailureRate: this one fails half-way; it never asks and never completes
            exec.schedule(() -> failPartWay(a, e, partWay), millis / 2, TimeUnit.MILLISECONDS);
            return;
        }
        outcomes.put(e.id, new Outcome(failure, docs, pages));
        if (e.option("ask_questions") && failure == null) {
            exec.schedule(() -> ask(a, e), millis / 2, TimeUnit.MILLISECONDS);
        } else {
            exec.schedule(() -> finish(a, e), millis, TimeUnit.MILLISECONDS);
        }
    }

    private static ObjectNode failure(String code, String message, Map<String, Object> details) {
        ObjectNode f = Json.obj();
        f.put("code", code).put("message", message).put("retryable", false);
        f.set("details", Json.tree(details));
        return f;
    }

    /** A failure the same request may get past when submitted again with a new submission_id. */
    static ObjectNode retryableFailure(String code, String message, Map<String, Object> details) {
        ObjectNode f = failure(code, message, details);
        f.put("retryable", true);
        return f;
    }

    /**
     * Called with the account lock held for a submit beyond maxRunningExtractions: the extraction is final at once,
     * failed with CONCURRENT_TASK_LIMIT, and reserves and charges nothing.
     */
    void refuseOverLimit(Account a, Extraction e, int running, int limit) {
        e.error = retryableFailure("CONCURRENT_TASK_LIMIT", "This account already has " + running
                + " extractions processing or waiting for answers, as many as it may run at once (" + limit
                + "); nothing was reserved or charged. Let some of them finish, then submit again with a new"
                + " submission_id after a pause.", Json.map("running", running, "limit", limit));
        end(a, e, "failed");
    }

    private void failPartWay(Account a, Extraction e, String code) {
        synchronized (a) {
            if (e.terminal()) {
                return;
            }
            release(a, e);
            if (e.cancelRequested) {
                cancelled(a, e, "user");
                return;
            }
            String message = code.equals("SUBMISSION_STALLED")
                    ? "The extraction stalled while processing and was stopped; nothing was charged. Submit again with a new submission_id."
                    : "An internal error stopped the extraction while processing; nothing was charged. Submit again with a new submission_id.";
            e.error = retryableFailure(code, message, null);
            end(a, e, "failed");
        }
    }

    /** Called with the account lock held whenever an extraction becomes final: completed, failed or cancelled. */
    private void end(Account a, Extraction e, String status) {
        e.status = status;
        server.recorder().timeline().finalized(e.id, status, Instant.now());
        a.notifyAll();
    }

    /** Called with the account lock held: cancelled with this reason; the reserved credits are already released. */
    private void cancelled(Account a, Extraction e, String reason) {
        e.cancellationReason = reason;
        e.creditsDeducted = 0L;
        end(a, e, "cancelled");
    }

    private void ask(Account a, Extraction e) {
        synchronized (a) {
            if (e.terminal() || e.cancelRequested) {
                return;
            }
            e.status = "input_required";
            e.progress = 22;
            // millisecond precision, so the deadline enforced is the one the status response shows
            e.answerBy = Instant.now().plusSeconds(server.config().answerBySeconds()).truncatedTo(ChronoUnit.MILLIS);
            e.questions = questions(e);
            a.notifyAll();
            long left = Math.max(0, e.answerBy.toEpochMilli() - System.currentTimeMillis());
            exec.schedule(() -> {
                synchronized (a) {
                    expireIfDue(a, e);
                }
            }, left, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Called with the account lock held (by the deadline's task and before any request reads the extraction): past
     * answer_by with questions still open, it is cancelled as unanswered. The sandbox reads and charges pages only
     * when it completes, so no page has been processed yet: credits_deducted is 0 and the reservation is released.
     */
    void expireIfDue(Account a, Extraction e) {
        if (e.status.equals("input_required") && e.answerBy != null && !Instant.now().isBefore(e.answerBy)) {
            outcomes.remove(e.id);
            release(a, e);
            cancelled(a, e, "unanswered");
        }
    }

    private static ArrayNode questions(Extraction e) {
        ArrayNode qs = Json.arr();
        String applies = "Every document in this extraction, not only the example. If the answer differs by document type, say so in text.";
        ObjectNode q1 = qs.addObject();
        q1.put("question_id", "q_1").put("type", "single_choice")
                .put("question", "Which name should fill the vendor column when the invoice issuer and the payment recipient differ?")
                .put("example_from_documents", e.fileNames.get(0) + " names an issuer and a separate bank account holder.");
        q1.putObject("scope").put("level", "extraction").put("applies_to", applies);
        ArrayNode choices = q1.putArray("choices");
        choices.addObject().put("choice_id", "a").put("label", "Use the invoice issuer's name").put("recommended", true);
        choices.addObject().put("choice_id", "b").put("label", "Use the payment recipient's name");
        ObjectNode q2 = qs.addObject();
        q2.put("question_id", "q_2").put("type", "free_text")
                .put("question", "What date format should the date columns use?")
                .put("example_from_documents", "The files show dates such as \"Aug 27, 2026\" and \"28/08/2026\".");
        q2.putObject("scope").put("level", "extraction").put("applies_to", applies);
        q2.putArray("choices");
        q2.put("recommended_approach", "I will use YYYY-MM-DD for every date value.");
        return qs;
    }

    /** Called with the account lock held once every question has an answer. */
    void resume(Account a, Extraction e) {
        e.status = "processing";
        e.progress = 50;
        a.notifyAll();
        exec.schedule(() -> finish(a, e), e.processingMillis / 2, TimeUnit.MILLISECONDS);
    }

    /** Called with the account lock held: stops the extraction shortly after. */
    void requestCancel(Account a, Extraction e) {
        exec.schedule(() -> cancel(a, e), Math.min(300, Math.max(50, delay() / 10)), TimeUnit.MILLISECONDS);
    }

    private void cancel(Account a, Extraction e) {
        synchronized (a) {
            if (e.terminal()) {
                return;
            }
            release(a, e);
            cancelled(a, e, "user");
        }
    }

    private static void release(Account a, Extraction e) {
        a.creditsReserved -= e.reserved;
        e.reserved = 0;
    }

    private void finish(Account a, Extraction e) {
        Outcome o = outcomes.remove(e.id);
        synchronized (a) {
            if (e.terminal() || o == null || !e.status.equals("processing")) {
                return;
            }
            if (e.cancelRequested) {
                release(a, e);
                cancelled(a, e, "user");
                return;
            }
            if (o.failure() != null) {
                release(a, e);
                e.error = o.failure();
                end(a, e, "failed");
                return;
            }
        }
        complete(a, e, o);
    }

    private void complete(Account a, Extraction e, Outcome o) {
        ExtractionOutput output = new ExtractionOutput(e.request, e.options());
        ArrayNode ok = Json.arr();
        ArrayNode failed = Json.arr();
        Map<String, List<Integer>> failedByFile = new LinkedHashMap<>();
        for (DocumentReader.Doc d : o.docs()) {
            if (d.problem() != null) {
                continue;
            }
            // Failed pages stay in the list as blank text so FieldReader's page numbers remain the file's own.
            List<String> texts = new ArrayList<>();
            Set<Integer> failedPages = new HashSet<>();
            int firstGood = 0;
            for (int p = 1; p <= d.pages(); p++) {
                if (server.config().failPages().contains(d.fileName() + ":" + p)) {
                    failed.addObject().put("file_name", d.fileName()).put("page", p);
                    failedByFile.computeIfAbsent(d.fileName(), k -> new ArrayList<>()).add(p);
                    failedPages.add(p);
                    texts.add("");
                } else {
                    ok.addObject().put("file_name", d.fileName()).put("page", p);
                    firstGood = firstGood == 0 ? p : firstGood;
                    texts.add(p - 1 < d.pageTexts().size() ? d.pageTexts().get(p - 1) : "");
                }
            }
            if (firstGood > 0) {
                output.addDocument(d.fileName(), texts, failedPages, firstGood);
            }
        }
        ObjectNode pages = Json.obj();
        pages.put("successful_count", ok.size()).put("failed_count", failed.size());
        pages.set("successful", ok);
        pages.set("failed", failed);
        ArrayNode reasons = pages.putArray("failure_reasons");
        if (!failedByFile.isEmpty()) {
            ObjectNode r = reasons.addObject();
            r.put("code", "PAGE_PROCESSING_FAILED").put("message", "These pages could not be read (sandbox failPages); "
                    + "their data is missing from the output. Check the pages and resubmit them if needed.");
            ArrayNode aff = r.putArray("affected_pages");
            failedByFile.forEach((f, ps) -> {
                ObjectNode x = aff.addObject().put("file_name", f);
                ps.forEach(x.putArray("pages")::add);
            });
        }
        Map<String, Path> files;
        ArrayNode rows;
        try {
            Path dir = Files.createDirectories(server.state().storage().resolve("outputs").resolve(a.token).resolve(e.id));
            files = output.write(dir);
            rows = output.jsonRows();
        } catch (IOException | RuntimeException ex) {
            synchronized (a) {
                if (e.terminal()) {
                    return;
                }
                release(a, e);
                e.error = retryableFailure("INTERNAL_ERROR", "Writing the outputs failed; submit again with a new submission_id.", Json.map());
                end(a, e, "failed");
            }
            return;
        }
        synchronized (a) {
            if (e.terminal()) {
                return;
            }
            release(a, e);
            a.creditsBalance -= ok.size();
            e.creditsDeducted = (long) ok.size();
            e.pages = pages;
            e.columns = output.columns();
            e.rows = rows;
            e.reviewItems = output.reviewItems();
            e.notes = output.notes();
            e.resolvedStructure = output.structure();
            e.outputs.putAll(files);
            e.progress = 100;
            end(a, e, "completed");
        }
    }

    void stop() {
        exec.shutdownNow();
    }

    static Instant now() {
        return Instant.now();
    }
}
