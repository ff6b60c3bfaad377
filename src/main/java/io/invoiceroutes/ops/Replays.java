package io.invoiceroutes.ops;

import io.invoiceroutes.files.FileDigests;
import io.invoiceroutes.files.FileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays quarantined files for an operator: recorded in the ledger with the content digest (so ingest links the new
 * row to the old), each copy moves from {@code errors/<class>/} back to the inbox and its report to {@code replayed/}.
 */
public class Replays {
    /** One file to replay: where its quarantined copy is and under which name it goes back to the inbox. */
    public record Replay(String fileId, String errorClass, String quarantinedPath, String fileName, String sha256,
                         String from) {
    }

    private final StatusQueries queries;
    private final FileDigests digests;
    private final io.invoiceroutes.store.Ledger ledger;
    private final io.invoiceroutes.files.StagingArea staging;
    private final Path workDir;

    public Replays(StatusQueries queries, FileDigests digests, io.invoiceroutes.store.Ledger ledger,
                   io.invoiceroutes.files.StagingArea staging, String workDir) {
        this.queries = queries;
        this.digests = digests;
        this.ledger = ledger;
        this.staging = staging;
        this.workDir = Path.of(workDir).toAbsolutePath().normalize();
    }

    /** Replays one quarantined file; refused (409) when it cannot be, with the reason. */
    public Map<String, Object> replayFile(String fileId) throws IOException {
        Outcome outcome = new Outcome();
        replay(fileId, outcome);
        return new OpsAnswers().replay(outcome.replayed(), outcome.refused());
    }

    /** Replays every quarantined file of one error class that was never replayed. */
    public Map<String, Object> replayClass(String errorClass) {
        Outcome outcome = new Outcome();
        for (String fileId : inClass(errorClass)) {
            try {
                replay(fileId, outcome);
            } catch (Exception e) {
                outcome.refused(fileId, e);
            }
        }
        return new OpsAnswers().replay(outcome.replayed(), outcome.refused());
    }

    private void replay(String fileId, Outcome outcome) throws IOException {
        Replay replay = of(fileId);
        if (!ledger.replayRequested(replay.fileId(), replay.sha256(), replay.from())) {
            throw new NotReplayableException("file " + fileId + " was replayed before");
        }
        String inboxPath;
        try {
            inboxPath = staging.backToInbox(replay.quarantinedPath(), replay.fileName());
        } catch (IOException | RuntimeException e) {
            ledger.replayFailed(replay.fileId(), "could not move " + replay.from() + " to the inbox: " + e.getMessage());
            throw e;
        }
        retireReport(replay);
        outcome.replayed(replay, inboxPath);
    }

    /** The replay of one quarantined file, or a NotReplayableException saying why it cannot be replayed. */
    public Replay of(String fileId) throws IOException {
        Map<String, Object> row = queries.fileRow(fileId);
        if (row == null) {
            throw new StatusQueries.NotFoundException("no file " + fileId);
        }
        if (!"FAILED".equals(row.get("state"))) {
            throw new NotReplayableException("file " + fileId + " is " + row.get("state") + ", not quarantined");
        }
        String where = queries.quarantinedAt(fileId);
        if (where == null) {
            throw new NotReplayableException("file " + fileId + " has no quarantined copy on record");
        }
        Path copy = workDir.resolve(where).normalize();
        if (!copy.startsWith(workDir.resolve("errors")) || !Files.isRegularFile(copy)) {
            throw new NotReplayableException("the copy of file " + fileId + " is no longer at " + where
                    + " (replayed already, or moved by hand)");
        }
        String sha = row.get("content_sha256") == null ? digests.sha256(copy.toString()) : String.valueOf(row.get("content_sha256"));
        return new Replay(fileId, String.valueOf(row.get("error_class")), copy.toString(),
                String.valueOf(row.get("original_name")), sha, where);
    }

    /** The quarantined files of one error class that were never replayed. */
    public List<String> inClass(String errorClass) {
        return queries.replayableIn(errorClass);
    }

    /** Moves the replayed file's report ({@code <name>.error.json} beside it, when there) to the class's replayed/ folder. */
    public void retireReport(Replay replay) throws IOException {
        Path copy = Path.of(replay.quarantinedPath());
        Path report = copy.resolveSibling(copy.getFileName() + ".error.json");
        if (!Files.isRegularFile(report)) {
            return;
        }
        Path dir = Files.createDirectories(copy.getParent().resolve("replayed"));
        String name = report.getFileName().toString();
        for (int i = 1; i <= 1000; i++) {
            Path target = dir.resolve(i == 1 ? name : FileNames.withCounter(name, i));
            if (!Files.exists(target)) {
                Files.move(report, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
        }
    }

    /** What one replay request did, file by file. */
    public static final class Outcome {
        private final List<Map<String, Object>> replayed = new ArrayList<>();
        private final List<Map<String, Object>> refused = new ArrayList<>();

        public synchronized void replayed(Replay replay, String inboxPath) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file_id", replay.fileId());
            r.put("file_name", replay.fileName());
            r.put("from", replay.from());
            r.put("to", "inbox/" + Path.of(inboxPath).getFileName());
            replayed.add(r);
        }

        public synchronized void refused(String fileId, Throwable why) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file_id", fileId);
            r.put("reason", why.getMessage());
            refused.add(r);
        }

        public synchronized List<Map<String, Object>> replayed() {
            return List.copyOf(replayed);
        }

        public synchronized List<Map<String, Object>> refused() {
            return List.copyOf(refused);
        }
    }

    /** The file cannot be replayed (answered 409): not quarantined, already replayed, or its copy is gone. */
    public static class NotReplayableException extends RuntimeException {
        public NotReplayableException(String message) {
            super(message);
        }
    }
}
