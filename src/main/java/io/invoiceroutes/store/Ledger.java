package io.invoiceroutes.store;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place that changes the state of a batch or a file. Each change is one transaction together with its
 * {@code job_event} row; a change made by a stage worker is fenced by its lease ({@code lease_owner}), and every
 * lease, age and due time is the database's clock ({@code CURRENT_TIMESTAMP}). Its methods are the state
 * machine: the README's state table lists them.
 */
public class Ledger {
    private static final String NOW = "CURRENT_TIMESTAMP";
    private static final String PLUS_MS = " + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    private static final int DETAIL_MAX = 2000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final Leases leases;
    private final boolean deduplicate;
    /** Told of every event once its transaction has committed (metrics, lifecycle events). */
    private final List<java.util.function.Consumer<LedgerEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The events of the transaction running on this thread, published after it commits. */
    private final ThreadLocal<List<LedgerEvent>> pending = ThreadLocal.withInitial(ArrayList::new);

    /**
     * One recorded event: which batch and file, in which stage, what happened; {@code eventId} is its job_event row's
     * id (0 when unknown), so whoever passes it on can name it the same way every time.
     */
    public record LedgerEvent(String batchId, String fileId, String stage, String event, String detail, Instant at,
                              long eventId) {
        public LedgerEvent(String batchId, String fileId, String stage, String event, String detail, Instant at) {
            this(batchId, fileId, stage, event, detail, at, 0L);
        }
    }

    public Ledger(DataSource dataSource, Leases leases) {
        this(dataSource, leases, true);
    }

    /** {@code deduplicate}: refuse a file whose bytes are already in flight or delivered (see {@link #ingested}). */
    public Ledger(DataSource dataSource, Leases leases, boolean deduplicate) {
        this.deduplicate = deduplicate;
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.leases = leases;
    }

    public String owner() {
        return leases.owner();
    }

    /** Adds a listener told of every event after its transaction committed, in order; it must not block. */
    public void listen(java.util.function.Consumer<LedgerEvent> listener) {
        listeners.add(listener);
    }

    // --- claims and leases ---------------------------------------------------------------------------------

    /** Takes a due, unleased batch in {@code state} for this instance; true when this instance got it. */
    public boolean claim(String batchId, String state) {
        return jdbc.update("update batch set lease_owner = ?, lease_until = " + NOW + PLUS_MS
                        + " where batch_id = ? and state = ? and (lease_until is null or lease_until < " + NOW + ")"
                        + " and (not_before is null or not_before <= " + NOW + ")",
                owner(), leases.leaseSeconds() * 1000L, batchId, state) == 1;
    }

    /** Extends this instance's leases on the given batches; returns how many it still held. */
    public int renew(Collection<String> batchIds) {
        if (batchIds.isEmpty()) {
            return 0;
        }
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("owner", owner())
                .addValue("ms", leases.leaseSeconds() * 1000L).addValue("ids", batchIds);
        return named.update("update batch set lease_until = " + NOW + " + CAST(:ms AS BIGINT) * INTERVAL '0.001' SECOND"
                + " where lease_owner = :owner and lease_until is not null and batch_id in (:ids)", p);
    }

    /** The batch row (column names in lower case), the body every stage's work starts from. */
    public Map<String, Object> batch(String batchId) {
        // past_deadline on the database's clock: the poll stage cancels such an extraction at the API
        return lowerKeys(jdbc.queryForMap("select b.*, (b.deadline_at is not null and b.deadline_at < " + NOW
                + ") as past_deadline from batch b where b.batch_id = ?", batchId));
    }

    /**
     * The batch's files in the given states (comma-separated), oldest first: file_id, original_name, api_file_name,
     * staged_path, size_bytes, pages, state.
     */
    public List<Map<String, Object>> files(String batchId, String states) {
        MapSqlParameterSource p = new MapSqlParameterSource("batch", batchId)
                .addValue("states", List.of(states.replace(" ", "").split(",")));
        return named.queryForList("select file_id, original_name, api_file_name, staged_path, size_bytes, pages, state"
                + " from invoice_file where batch_id = :batch and state in (:states) order by created_at, file_id", p)
                .stream().map(Ledger::lowerKeys).toList();
    }

    /**
     * Every file ever sealed into the batch, whatever became of it: the upload session is always created with
     * this same set, so a repeat after a restart is the same request (a changed set is SESSION_ALREADY_INITIALIZED).
     */
    public List<Map<String, Object>> sessionFiles(String batchId) {
        return jdbc.queryForList("select file_id, api_file_name, size_bytes, state from invoice_file where batch_id = ?"
                + " order by file_id", batchId).stream().map(Ledger::lowerKeys).toList();
    }

    /**
     * The batch's live files whose session names are among {@code names}: the files an API failure named. Names
     * are made unique per session in file-id order (ApiRequests.sessionNames), so they map back to one file each.
     */
    public List<Map<String, Object>> filesNamed(String batchId, List<String> names) {
        List<Map<String, Object>> session = jdbc.queryForList("select file_id, api_file_name from invoice_file where batch_id = ?"
                + " order by file_id", batchId).stream().map(Ledger::lowerKeys).toList();
        List<String> ids = io.invoiceroutes.submit.ApiRequests.fileIdsNamed(session, names);
        return files(batchId, "BATCHED,UPLOADED,SUBMITTED").stream().filter(f -> ids.contains(String.valueOf(f.get("file_id")))).toList();
    }

    // --- ingest and batching -------------------------------------------------------------------------------

    /** One file's row (column names in lower case). */
    public Map<String, Object> file(String fileId) {
        return lowerKeys(jdbc.queryForMap("select * from invoice_file where file_id = ?", fileId));
    }

    /**
     * A file moved to staging is recorded (INGESTED) before it is checked. When de-duplication is on and the same
     * bytes are already in flight or delivered, the row is recorded all the same (its history shows it) and the
     * first copy is returned (name, file id, batch, state), for the caller to refuse this one; else null.
     * Ingests are serialised on one lock row, so two instances never both accept the same content.
     */
    public String ingested(String fileId, String originalName, String apiFileName, String stagedPath, long sizeBytes,
                           String sha256) {
        return inTx(() -> {
            String first = null;
            if (deduplicate && sha256 != null) {
                jdbc.queryForMap("select name from cluster_lock where name = 'ingest' for update");
                List<Map<String, Object>> same = jdbc.queryForList("select original_name, file_id, batch_id, state from invoice_file"
                        + " where content_sha256 = ? and state not in ('FAILED', 'RESTAGED') order by created_at", sha256);
                if (!same.isEmpty()) {
                    Map<String, Object> s = lowerKeys(same.get(0));
                    first = s.get("original_name") + " (file " + s.get("file_id") + ", batch "
                            + (s.get("batch_id") == null ? "none yet" : s.get("batch_id")) + ", " + s.get("state") + ")";
                }
            }
            jdbc.update("insert into invoice_file (file_id, original_name, api_file_name, staged_path, size_bytes, state,"
                            + " content_sha256, created_at, updated_at) values (?, ?, ?, ?, ?, 'INGESTED', ?, " + NOW + ", " + NOW + ")",
                    fileId, originalName, apiFileName, stagedPath, sizeBytes, sha256);
            return first;
        });
    }

    /** INGESTED -> STAGED: the file passed the pre-flight check and waits for a batch. */
    public boolean staged(String fileId, int pages, String detail) {
        return inTx(() -> {
            int n = jdbc.update("update invoice_file set state = 'STAGED', pages = ?, updated_at = " + NOW
                    + " where file_id = ? and state = 'INGESTED'", pages, fileId);
            if (n == 1) {
                event(null, fileId, "ingest", "staged", detail);
            }
            return n == 1;
        });
    }

    /** What sealing did: the batch (null when no file was still free) and the files left for the next batch. */
    public record Sealed(String batchId, int fileCount, List<String> overflow) {
    }

    /**
     * STAGED files -> one SEALED batch with its upload session id, in one transaction: only files still STAGED
     * join (a file offered twice lands in one batch), and files past the session's byte limit stay STAGED.
     */
    public Sealed seal(String batchId, String uploadSessionId, List<String> fileIds, long maxBytes) {
        return inTx(() -> {
            jdbc.update("insert into batch (batch_id, state, upload_session_id, created_at, updated_at) values (?, 'SEALED', ?, "
                    + NOW + ", " + NOW + ")", batchId, uploadSessionId);
            named.update("update invoice_file set batch_id = :batch, state = 'BATCHED', updated_at = " + NOW
                    + " where state = 'STAGED' and file_id in (:ids)",
                    new MapSqlParameterSource("batch", batchId).addValue("ids", fileIds));
            List<String> overflow = new ArrayList<>();
            long total = 0;
            int count = 0;
            for (Map<String, Object> row : jdbc.queryForList("select file_id, size_bytes from invoice_file where batch_id = ?"
                    + " order by created_at, file_id", batchId)) {
                long size = ((Number) lowerKeys(row).get("size_bytes")).longValue();
                if (total > 0 && total + size > maxBytes) {
                    overflow.add(String.valueOf(lowerKeys(row).get("file_id")));
                } else {
                    total += size;
                    count++;
                }
            }
            if (!overflow.isEmpty()) {
                named.update("update invoice_file set batch_id = null, state = 'STAGED', updated_at = " + NOW
                        + " where file_id in (:ids)", new MapSqlParameterSource("ids", overflow));
            }
            if (count == 0) {
                jdbc.update("delete from batch where batch_id = ?", batchId);
                return new Sealed(null, 0, overflow);
            }
            jdbc.update("update batch set file_count = ? where batch_id = ?", count, batchId);
            event(batchId, null, "batch", "sealed", count + " files");
            return new Sealed(batchId, count, overflow);
        });
    }

    // --- upload --------------------------------------------------------------------------------------------

    /** Records the part size the session gave the batch's files. */
    public void partSize(String batchId, long partSize) {
        fenced(batchId, "update batch set part_size = ?", partSize);
    }

    /** BATCHED -> UPLOADED for one file, once its completion was accepted. */
    public void fileUploaded(String batchId, String fileId, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set updated_at = " + NOW);
            jdbc.update("update invoice_file set state = 'UPLOADED', updated_at = " + NOW
                    + " where file_id = ? and state = 'BATCHED'", fileId);
            event(batchId, fileId, "upload", "uploaded", detail);
            return null;
        });
    }

    /** SEALED -> UPLOADED once every file is completed or quarantined, or FAILED when none is left to submit. */
    public String uploaded(String batchId) {
        return inTx(() -> {
            Integer ready = jdbc.queryForObject("select count(*) from invoice_file where batch_id = ? and state = 'UPLOADED'",
                    Integer.class, batchId);
            if (ready != null && ready > 0) {
                leave(batchId, "SEALED", "UPLOADED", "upload", "uploaded-batch", ready + " files ready to submit");
                return "UPLOADED";
            }
            leave(batchId, "SEALED", "FAILED", "upload", "failed", "no file of the batch could be uploaded");
            return "FAILED";
        });
    }

    /**
     * SEALED -> SEALED under a new upload session id: the API refused the session (another file set under this id,
     * or files it names, already quarantined); recorded parts are forgotten and the batch's live files start again.
     */
    public void newSession(String batchId, String uploadSessionId, String reason) {
        inTx(() -> {
            fenced(batchId, "update batch set upload_session_id = ?, part_size = null, lease_until = null, attempts = 0,"
                    + " updated_at = " + NOW, uploadSessionId);
            jdbc.update("delete from file_part where file_id in (select file_id from invoice_file where batch_id = ?)", batchId);
            jdbc.update("update invoice_file set state = 'BATCHED', updated_at = " + NOW
                    + " where batch_id = ? and state = 'UPLOADED'", batchId);
            event(batchId, null, "upload", "new-session", uploadSessionId + ": " + reason);
            return null;
        });
    }

    /** A file whose size changed after registration goes back through the inbox as a new file (RESTAGED). */
    public void restaged(String batchId, String fileId, String detail) {
        inTx(() -> {
            jdbc.update("update invoice_file set state = 'RESTAGED', updated_at = " + NOW + " where file_id = ?", fileId);
            event(batchId, fileId, "upload", "restaged", detail);
            return null;
        });
    }

    // --- admission and submit ------------------------------------------------------------------------------

    /**
     * UPLOADED -> SUBMITTING for the oldest due batches while fewer than the limit are in flight (SUBMITTING,
     * SUBMITTED, QUESTIONS) across every instance sharing this job store. The limit is the configured one, or the
     * lower one learnt from CONCURRENT_TASK_LIMIT, which grows back by one each {@code recoveryMs}.
     */
    public List<String> admit(int maxInFlight, long recoveryMs) {
        return inTx(() -> {
            Map<String, Object> lock = lowerKeys(jdbc.queryForMap("select limit_estimate, estimated_at from cluster_lock"
                    + " where name = 'admission' for update"));
            int limit = maxInFlight;
            if (lock.get("limit_estimate") instanceof Number estimate) {
                Long ageMs = jdbc.queryForObject("select cast(extract(epoch from (" + NOW + " - estimated_at)) * 1000 as bigint)"
                        + " from cluster_lock where name = 'admission'", Long.class);
                int grown = estimate.intValue() + (int) Math.max(0, (ageMs == null ? 0 : ageMs) / Math.max(1, recoveryMs));
                limit = Math.min(maxInFlight, Math.max(1, grown));
                if (grown >= maxInFlight) {
                    jdbc.update("update cluster_lock set limit_estimate = null, estimated_at = null where name = 'admission'");
                }
            }
            Integer inFlight = jdbc.queryForObject("select count(*) from batch where state in ('SUBMITTING', 'SUBMITTED', 'QUESTIONS')",
                    Integer.class);
            int free = limit - (inFlight == null ? 0 : inFlight);
            if (free <= 0) {
                return List.<String>of();
            }
            List<String> due = jdbc.queryForList("select batch_id from batch where state = 'UPLOADED'"
                    + " and (not_before is null or not_before <= " + NOW + ") and (lease_until is null or lease_until < " + NOW + ")"
                    + " order by created_at, batch_id", String.class);
            List<String> admitted = new ArrayList<>(due.subList(0, Math.min(free, due.size())));
            for (String id : admitted) {
                jdbc.update("update batch set state = 'SUBMITTING', not_before = null, updated_at = " + NOW
                        + " where batch_id = ? and state = 'UPLOADED'", id);
                event(id, null, "submit", "admitted", "extraction slot " + (limit - free + admitted.indexOf(id) + 1) + " of " + limit);
            }
            return admitted;
        });
    }

    /** The account refused an extraction for its concurrency limit: admit no more than are in flight now. */
    public void learnAccountLimit() {
        inTx(() -> {
            jdbc.queryForMap("select name from cluster_lock where name = 'admission' for update");
            Integer inFlight = jdbc.queryForObject("select count(*) from batch where state in ('SUBMITTING', 'SUBMITTED', 'QUESTIONS')",
                    Integer.class);
            int estimate = Math.max(1, inFlight == null ? 1 : inFlight);
            jdbc.update("update cluster_lock set limit_estimate = case when limit_estimate is null or limit_estimate > ?"
                    + " then ? else limit_estimate end, estimated_at = " + NOW + " where name = 'admission'", estimate, estimate);
            return null;
        });
    }

    /** The extraction limit admission works with now (the configured one unless a lower one was learnt). */
    public Integer learntAccountLimit() {
        return jdbc.queryForObject("select limit_estimate from cluster_lock where name = 'admission'", Integer.class);
    }

    /** The batch's submission id: the stored one, or {@code candidate} stored now, before the request that uses it. */
    public String submissionId(String batchId, String candidate) {
        jdbc.update("update batch set submission_id = ? where batch_id = ? and lease_owner = ? and submission_id is null",
                candidate, batchId, owner());
        String id = jdbc.queryForObject("select submission_id from batch where batch_id = ? and lease_owner = ?",
                String.class, batchId, owner());
        if (id == null) {
            throw new LeaseLostException(batchId);
        }
        return id;
    }

    /** SUBMITTING -> SUBMITTED with the extraction id; the overall deadline starts now and survives restarts. */
    public void submitted(String batchId, String extractionId, long deadlineMs, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'SUBMITTED', extraction_id = ?, progress = 0, not_before = null,"
                    + " attempts = 0, deadline_at = " + NOW + PLUS_MS + ", lease_until = null,"
                    + " updated_at = " + NOW + " where state = 'SUBMITTING'", extractionId, deadlineMs);
            jdbc.update("update invoice_file set state = 'SUBMITTED', updated_at = " + NOW
                    + " where batch_id = ? and state = 'UPLOADED'", batchId);
            event(batchId, null, "submit", "submitted", detail);
            return null;
        });
    }

    /** SUBMITTING -> UPLOADED until {@code resumesAt}: submissions are paused, so the slot goes back meanwhile. */
    public void submissionsPaused(String batchId, Instant resumesAt, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'UPLOADED', not_before = ?, lease_until = null, updated_at = " + NOW
                    + " where state = 'SUBMITTING'", Timestamp.from(resumesAt));
            event(batchId, null, "submit", "submissions-paused", detail);
            return null;
        });
    }

    // --- poll ----------------------------------------------------------------------------------------------

    /** One status round left the extraction running: store its progress and when to look again. */
    public void polled(String batchId, Integer progress, long nextInMs) {
        inTx(() -> {
            Integer before = jdbc.queryForObject("select progress from batch where batch_id = ?", Integer.class, batchId);
            fenced(batchId, "update batch set progress = ?, not_before = " + NOW + PLUS_MS + ", lease_until = null, attempts = 0",
                    progress, nextInMs);
            if (progress != null && !progress.equals(before)) {
                event(batchId, null, "poll", "progress", progress + "%");
            }
            return null;
        });
    }

    /** Records that this instance asked the API to cancel the extraction (deadline or operator) and why. */
    public void cancelRequested(String batchId, String reason) {
        inTx(() -> {
            fenced(batchId, "update batch set cancel_reason = ?, cancel_requested_at = " + NOW, reason);
            event(batchId, null, "poll", "cancel-requested", reason);
            return null;
        });
    }

    /** An operator asks for the batch's extraction to be cancelled; the poll stage sends the request. */
    public boolean cancelByOperator(String batchId) {
        return inTx(() -> {
            int n = jdbc.update("update batch set cancel_reason = 'operator', not_before = null where batch_id = ?"
                    + " and state in ('SUBMITTED', 'QUESTIONS') and cancel_reason is null", batchId);
            if (n == 1) {
                event(batchId, null, "operator", "cancel-asked", "the poll stage cancels the extraction at the API");
            }
            return n == 1;
        });
    }

    /** SUBMITTED -> COMPLETED with the final status: the extraction is paid for, its delivery never gives up. */
    public void completed(String batchId, String finalStatusJson, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'COMPLETED', final_status = ?, progress = 100, not_before = null,"
                    + " attempts = 0, lease_until = null, updated_at = " + NOW + " where state in ('SUBMITTED', 'QUESTIONS')",
                    finalStatusJson);
            event(batchId, null, "poll", "extraction completed", detail);
            return null;
        });
    }

    /** SUBMITTED -> QUESTIONS: the extraction asks; it is looked at again every {@code recheckMs} until answered. */
    public void questions(String batchId, Instant answerBy, long recheckMs, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'QUESTIONS', answer_by = ?, not_before = " + NOW + PLUS_MS
                    + ", lease_until = null, updated_at = " + NOW + " where state in ('SUBMITTED', 'QUESTIONS')",
                    answerBy == null ? null : Timestamp.from(answerBy), recheckMs);
            event(batchId, null, "poll", "questions-asked", detail);
            return null;
        });
    }

    /** QUESTIONS -> SUBMITTED: the questions were answered (answers file, auto-accept, or the dashboard). */
    public boolean answered(String batchId, String detail) {
        return inTx(() -> {
            int n = jdbc.update("update batch set state = 'SUBMITTED', not_before = null, updated_at = " + NOW
                    + " where batch_id = ? and state = 'QUESTIONS'", batchId);
            if (n == 1) {
                event(batchId, null, "answers", "questions-answered", detail);
            }
            return n == 1;
        });
    }

    /**
     * SUBMITTED -> UPLOADED after a retryable failure: the next submit uses a new submission id (this one is
     * forgotten), after {@code pauseMs}. {@code counted} resubmissions count against the batch's limit.
     */
    public void resubmit(String batchId, String code, long pauseMs, boolean counted, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'UPLOADED', submission_id = null, extraction_id = null, progress = null,"
                    + " deadline_at = null, cancel_reason = null, cancel_requested_at = null, answer_by = null,"
                    + " resubmits = resubmits + ?, attempt_codes = case when attempt_codes is null then ? else attempt_codes || ',' || ? end,"
                    + " not_before = " + NOW + PLUS_MS + ", lease_until = null, updated_at = " + NOW
                    + " where state in ('SUBMITTING', 'SUBMITTED', 'QUESTIONS')", counted ? 1 : 0, code, code, pauseMs);
            jdbc.update("update invoice_file set state = 'UPLOADED', updated_at = " + NOW
                    + " where batch_id = ? and state = 'SUBMITTED'", batchId);
            event(batchId, null, "poll", "resubmit", detail);
            return null;
        });
    }

    // --- deliver -------------------------------------------------------------------------------------------

    /** SUBMITTED -> DELIVERED for one file, archived at {@code archivedPath}. */
    public void fileDelivered(String batchId, String fileId, String archivedPath, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set updated_at = " + NOW);
            jdbc.update("update invoice_file set state = 'DELIVERED', staged_path = ?, updated_at = " + NOW
                    + " where file_id = ? and state = 'SUBMITTED'", archivedPath, fileId);
            event(batchId, fileId, "deliver", "delivered", detail);
            return null;
        });
    }

    /** COMPLETED -> DELIVERED. */
    public void delivered(String batchId) {
        inTx(() -> {
            leave(batchId, "COMPLETED", "DELIVERED", "deliver", "delivered-batch", "outbox/" + batchId);
            return null;
        });
    }

    /** The batch's delivery targets done for good (DELIVERED or DEAD_LETTERED): they are never run again. */
    public List<String> finishedTargets(String batchId) {
        return jdbc.queryForList("select target from delivery_step where batch_id = ? and state in ('DELIVERED', 'DEAD_LETTERED')"
                + " order by target", String.class, batchId);
    }

    /** One delivery target of the batch (a channel, or one SFTP file) succeeded: DELIVERED, never run again. */
    public void targetDelivered(String batchId, String target, String channel, String deliveryId, String detail) {
        deliveryStep(batchId, target, channel, deliveryId, "DELIVERED", "delivered:" + channel, detail);
    }

    /** One delivery target failed (its receiver is down or busy): it is tried again when the batch is retried. */
    public void targetFailed(String batchId, String target, String channel, String deliveryId, String reason) {
        deliveryStep(batchId, target, channel, deliveryId, "FAILED", "delivery-failed:" + channel, reason);
    }

    /** The receiver refused what a target sent for good: it is kept in errors/ with the reason, and not sent again. */
    public void targetDeadLettered(String batchId, String target, String channel, String deliveryId, String reason) {
        deliveryStep(batchId, target, channel, deliveryId, "DEAD_LETTERED", "dead-lettered:" + channel, reason);
    }

    private void deliveryStep(String batchId, String target, String channel, String deliveryId, String state,
                              String event, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set updated_at = " + NOW + " where state = 'COMPLETED'");
            int n = jdbc.update("update delivery_step set state = ?, delivery_id = ?, attempts = attempts + 1, detail = ?,"
                    + " updated_at = " + NOW + " where batch_id = ? and target = ?", state, deliveryId, clip(detail), batchId, target);
            if (n == 0) {
                jdbc.update("insert into delivery_step (batch_id, target, channel, delivery_id, state, attempts, detail,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, " + NOW + ", " + NOW + ")",
                        batchId, target, channel, deliveryId, state, clip(detail));
            }
            event(batchId, null, "deliver", event, target + (detail == null ? "" : ": " + detail));
            return null;
        });
    }

    // --- failures and holds --------------------------------------------------------------------------------

    /** The batch stays in its state and is tried again after {@code delayMs} (a transient failure). */
    public void retryLater(String batchId, String stage, long delayMs, String reason) {
        inTx(() -> {
            fenced(batchId, "update batch set attempts = attempts + 1, not_before = " + NOW + PLUS_MS
                    + ", lease_until = null, error_message = ?", delayMs, clip(reason));
            event(batchId, null, stage, "retry-later", "in " + delayMs + " ms: " + reason);
            return null;
        });
    }

    /** Transient failures in a row in the batch's current state (the retry backoff grows with them). */
    public int attempts(String batchId) {
        Integer n = jdbc.queryForObject("select attempts from batch where batch_id = ?", Integer.class, batchId);
        return n == null ? 0 : n;
    }

    /** Any state -> HELD for credits; released to {@code heldFrom} by the credit watcher. */
    public void hold(String batchId, String stage, String heldFrom, long creditsNeeded, String detail) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'HELD', held_from = ?, credits_needed = ?, error_code = 'INSUFFICIENT_CREDITS',"
                    + " lease_until = null, not_before = null, attempts = 0, updated_at = " + NOW, heldFrom, creditsNeeded);
            if ("UPLOADED".equals(heldFrom)) {
                // the failed extraction is submitted again later under a new submission id
                jdbc.update("update batch set submission_id = null, extraction_id = null, deadline_at = null, progress = null"
                        + " where batch_id = ?", batchId);
                jdbc.update("update invoice_file set state = 'UPLOADED', updated_at = " + NOW
                        + " where batch_id = ? and state = 'SUBMITTED'", batchId);
            }
            event(batchId, null, stage, "held-for-credits", detail);
            return null;
        });
    }

    /** HELD -> the state it was held from; true for the one instance whose update released it. */
    public boolean release(String batchId) {
        return inTx(() -> {
            int n = jdbc.update("update batch set state = held_from, held_from = null, error_code = null, updated_at = " + NOW
                    + " where batch_id = ? and state = 'HELD'", batchId);
            if (n == 1) {
                event(batchId, null, "credits", "released", "the usable balance covers the batch");
            }
            return n == 1;
        });
    }

    /** One file -> FAILED in its error class (its copy is already in errors/<class>/). */
    public void fileFailed(String batchId, String fileId, String stage, String errorClass, String code, String message,
                           String where) {
        inTx(() -> {
            if (fileId != null) {
                jdbc.update("update invoice_file set state = 'FAILED', error_class = ?, error_code = ?, error_message = ?,"
                        + " updated_at = " + NOW + " where file_id = ?", errorClass, code, clip(message), fileId);
            }
            event(batchId, fileId, stage, "quarantined:" + errorClass, where);
            return null;
        });
    }

    /** The batch -> FAILED (its files were quarantined one by one before). */
    public void failed(String batchId, String stage, String errorClass, String code, String message) {
        inTx(() -> {
            fenced(batchId, "update batch set state = 'FAILED', error_class = ?, error_code = ?, error_message = ?,"
                    + " lease_until = null, not_before = null, updated_at = " + NOW, errorClass, code, clip(message));
            event(batchId, null, stage, "failed", code + ": " + message);
            return null;
        });
    }

    /** An event without a state change (a lease lost, stuck work reported, an alert sent). */
    public void note(String batchId, String fileId, String stage, String event, String detail) {
        inTx(() -> {
            event(batchId, fileId, stage, event, detail);
            return null;
        });
    }

    // --- operator: replay of quarantined files -------------------------------------------------------------

    /**
     * An operator replays a quarantined (FAILED) file: the request is recorded with the content's SHA-256 before
     * the file moves back to the inbox, so the new row ingest makes of it can be linked to this one. False when
     * the file was replayed before (a file is replayed once; its replay, if it fails, can be replayed in turn).
     */
    public boolean replayRequested(String fileId, String sha256, String from) {
        return inTx(() -> {
            Integer done = jdbc.queryForObject("select count(*) from file_replay where file_id = ?", Integer.class, fileId);
            if (done != null && done > 0) {
                return false;
            }
            jdbc.update("insert into file_replay (file_id, content_sha256, requested_at) values (?, ?, " + NOW + ")",
                    fileId, sha256);
            event(null, fileId, "operator", "replay-requested", "back to the inbox from " + from);
            return true;
        });
    }

    /** The replayed file could not be moved back to the inbox: the request is forgotten, so it can be tried again. */
    public void replayFailed(String fileId, String reason) {
        inTx(() -> {
            jdbc.update("delete from file_replay where file_id = ? and replayed_by is null", fileId);
            event(null, fileId, "operator", "replay-failed", reason);
            return null;
        });
    }

    /**
     * A file just ingested whose bytes an operator is replaying: its row is linked to the quarantined one
     * ({@code replay_of}) with an event on both. Returns the replayed file's id, or null when it is no replay.
     */
    public String replayArrived(String fileId, String sha256) {
        if (sha256 == null) {
            return null;
        }
        return inTx(() -> {
            List<String> waiting = jdbc.queryForList("select file_id from file_replay where content_sha256 = ?"
                    + " and replayed_by is null order by requested_at, file_id", String.class, sha256);
            for (String old : waiting) {
                if (jdbc.update("update file_replay set replayed_by = ?, linked_at = " + NOW
                        + " where file_id = ? and replayed_by is null", fileId, old) == 1) {
                    jdbc.update("update invoice_file set replay_of = ? where file_id = ?", old, fileId);
                    event(null, old, "operator", "replayed-as", fileId);
                    event(null, fileId, "ingest", "replay-of", old);
                    return old;
                }
            }
            return null;
        });
    }

    // --- recovery ------------------------------------------------------------------------------------------

    /** A staged file the job store does not know (moved, then the process died before the insert) is recorded. */
    public boolean adopt(String fileId, String fileName, String stagedPath, long sizeBytes) {
        return inTx(() -> {
            Integer known = jdbc.queryForObject("select count(*) from invoice_file where file_id = ?", Integer.class, fileId);
            if (known != null && known > 0) {
                return false;
            }
            jdbc.update("insert into invoice_file (file_id, original_name, api_file_name, staged_path, size_bytes, state,"
                    + " created_at, updated_at) values (?, ?, ?, ?, ?, 'INGESTED', " + NOW + ", " + NOW + ")",
                    fileId, fileName, fileName, stagedPath, sizeBytes);
            event(null, fileId, "recovery", "adopted", "found in staging unrecorded: " + stagedPath);
            return true;
        });
    }

    // --- plumbing ------------------------------------------------------------------------------------------

    private void leave(String batchId, String from, String to, String stage, String event, String detail) {
        fenced(batchId, "update batch set state = '" + to + "', not_before = null, attempts = 0, lease_until = null,"
                + " updated_at = " + NOW + " where state = '" + from + "'");
        event(batchId, null, stage, event, detail);
    }

    /**
     * Runs an update of this batch only while this instance holds its lease: {@code sql} is "update batch set ..."
     * optionally followed by "where <condition>"; the batch id and the owner are added to the where clause.
     */
    private void fenced(String batchId, String sql, Object... args) {
        int where = sql.indexOf(" where ");
        String head = where < 0 ? sql : sql.substring(0, where);
        String condition = where < 0 ? "" : " and " + sql.substring(where + " where ".length());
        Object[] all = new Object[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = batchId;
        all[args.length + 1] = owner();
        if (jdbc.update(head + " where batch_id = ? and lease_owner = ?" + condition, all) != 1) {
            throw new LeaseLostException(batchId);
        }
    }

    private void event(String batchId, String fileId, String stage, String event, String detail) {
        // the row's generated id travels with the event (lifecycle events are named after it)
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(c -> {
            java.sql.PreparedStatement ps = c.prepareStatement("insert into job_event (at, batch_id, file_id, stage, event,"
                    + " detail, instance_id) values (" + NOW + ", ?, ?, ?, ?, ?, ?)", new String[]{"event_id"});
            ps.setString(1, batchId);
            ps.setString(2, fileId);
            ps.setString(3, stage);
            ps.setString(4, event);
            ps.setString(5, clip(detail));
            ps.setString(6, owner());
            return ps;
        }, key);
        Number id = key.getKeys() == null ? null : (Number) key.getKeys().values().stream()
                .filter(v -> v instanceof Number).findFirst().orElse(null);
        pending.get().add(new LedgerEvent(batchId, fileId, stage, event, clip(detail), Instant.now(),
                id == null ? 0L : id.longValue()));
    }

    private <T> T inTx(Supplier<T> work) {
        pending.get().clear();
        T result;
        try {
            result = tx.execute(status -> work.get());
        } catch (RuntimeException e) {
            pending.get().clear();
            throw e;
        }
        List<LedgerEvent> committed = List.copyOf(pending.get());
        pending.get().clear();
        for (LedgerEvent e : committed) {
            for (java.util.function.Consumer<LedgerEvent> listener : listeners) {
                try {
                    listener.accept(e);
                } catch (RuntimeException ignored) {
                    // a listener's failure never undoes or blocks a state change
                }
            }
        }
        return result;
    }

    private static String clip(String s) {
        return s == null || s.length() <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX - 1) + "…";
    }

    static Map<String, Object> lowerKeys(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }
}
