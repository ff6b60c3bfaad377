package io.invoiceroutes.ops;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Read-only questions to the job store for the status page, health checks and metrics (the Ledger changes things). */
public class StatusQueries {
    /** Batch states in their order through the pipeline (HELD and FAILED aside). */
    public static final List<String> BATCH_STATES = List.of("SEALED", "UPLOADED", "SUBMITTING", "SUBMITTED", "QUESTIONS",
            "COMPLETED", "DELIVERED", "HELD", "FAILED");
    /** File states in their order through the pipeline. */
    public static final List<String> FILE_STATES = List.of("INGESTED", "STAGED", "BATCHED", "UPLOADED", "SUBMITTED",
            "DELIVERED", "FAILED", "RESTAGED");
    private static final String IN_FLIGHT = "('SUBMITTING', 'SUBMITTED', 'QUESTIONS')";

    private final JdbcTemplate jdbc;

    public StatusQueries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(10);
    }

    /** Files per state (every known state, 0 when none). */
    public Map<String, Long> fileStates() {
        return counts("select state, count(*) as n from invoice_file group by state", FILE_STATES);
    }

    /** Batches per state (every known state, 0 when none). */
    public Map<String, Long> batchStates() {
        return counts("select state, count(*) as n from batch group by state", BATCH_STATES);
    }

    /** Extractions in flight: batches SUBMITTING, SUBMITTED or QUESTIONS, the ones admission counts. */
    public long inFlight() {
        Long n = jdbc.queryForObject("select count(*) from batch where state in " + IN_FLIGHT, Long.class);
        return n == null ? 0 : n;
    }

    /** Quarantined files per error class (rows FAILED with a class). */
    public Map<String, Long> quarantinedByClass() {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select error_class, count(*) as n from invoice_file"
                + " where state = 'FAILED' and error_class is not null group by error_class")) {
            out.put(String.valueOf(value(row, "error_class")), ((Number) value(row, "n")).longValue());
        }
        return out;
    }

    /** Held batches and those reported stuck within the last {@code stuckSeconds}, for the batches health check. */
    public Map<String, Object> waiting(long stuckSeconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("held", jdbc.queryForList("select batch_id, credits_needed from batch where state = 'HELD' order by created_at")
                .stream().map(StatusQueries::plain).toList());
        out.put("stuck", jdbc.queryForList("select distinct e.batch_id from job_event e join batch b on b.batch_id = e.batch_id"
                + " where e.event = 'stuck' and b.state not in ('DELIVERED', 'FAILED') and e.at > CURRENT_TIMESTAMP"
                + " - CAST(? AS BIGINT) * INTERVAL '1' SECOND", String.class, stuckSeconds));
        out.put("questions", jdbc.queryForList("select batch_id from batch where state = 'QUESTIONS' order by created_at",
                String.class));
        return out;
    }

    /** Is the job store answering? Runs one trivial query on one connection. */
    public void ping() {
        jdbc.queryForObject("select count(*) from batch where 1 = 0", Integer.class);
    }

    /** The most recent batches with their state, live progress, and why they wait and what to do. */
    public List<Map<String, Object>> batches(int limit) {
        List<Map<String, Object>> rows = jdbc.queryForList("select b.batch_id, b.state, b.progress, b.file_count, b.extraction_id,"
                + " b.held_from, b.credits_needed, b.error_class, b.error_code, b.error_message, b.not_before, b.attempts,"
                + " b.resubmits, b.cancel_reason, b.answer_by, b.created_at, b.updated_at, (b.not_before is not null and"
                + " b.not_before > CURRENT_TIMESTAMP) as waiting, (select e.event from job_event e where e.batch_id = b.batch_id"
                + " order by e.event_id desc limit 1) as last_event from batch b order by b.created_at desc, b.batch_id limit ?", limit);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> b = plain(row);
            Advice.of(b).ifPresent(a -> {
                b.put("reason", a.reason());
                b.put("action", a.action());
            });
            b.put("cancellable", "SUBMITTED".equals(b.get("state")) || "QUESTIONS".equals(b.get("state")));
            out.add(b);
        }
        return out;
    }

    /** One batch with its files and its events, oldest first. */
    public Map<String, Object> batch(String batchId) {
        List<Map<String, Object>> rows = jdbc.queryForList("select batch_id, state, progress, file_count, extraction_id,"
                + " upload_session_id, submission_id, error_class, error_code, error_message, cancel_reason, created_at,"
                + " updated_at from batch where batch_id = ?", batchId);
        if (rows.isEmpty()) {
            throw new NotFoundException("no batch " + batchId);
        }
        Map<String, Object> b = plain(rows.get(0));
        b.put("files", jdbc.queryForList("select file_id, original_name, state, pages, error_class, error_code from invoice_file"
                + " where batch_id = ? order by created_at, file_id", batchId).stream().map(StatusQueries::plain).toList());
        b.put("events", events("select event_id, at, batch_id, file_id, stage, event, detail, instance_id from job_event"
                + " where batch_id = ? order by event_id", batchId));
        return b;
    }

    /**
     * What happened to one invoice: its row, every event of the file and the file-less events of its batch
     * (oldest first), and the files it replays or was replayed as.
     */
    public Map<String, Object> file(String fileId) {
        List<Map<String, Object>> rows = jdbc.queryForList("select file_id, original_name, state, batch_id, pages, size_bytes,"
                + " error_class, error_code, error_message, replay_of, created_at, updated_at,"
                + " (select r.replayed_by from file_replay r where r.file_id = f.file_id) as replayed_by,"
                + " (select count(*) from file_replay r where r.file_id = f.file_id) as replay_requested"
                + " from invoice_file f where f.file_id = ?", fileId);
        if (rows.isEmpty()) {
            throw new NotFoundException("no file " + fileId);
        }
        Map<String, Object> f = plain(rows.get(0));
        f.put("events", events("select e.event_id, e.at, e.batch_id, e.file_id, e.stage, e.event, e.detail, e.instance_id"
                + " from job_event e where e.file_id = ? or (e.file_id is null and e.batch_id is not null and e.batch_id ="
                + " (select batch_id from invoice_file where file_id = ?)) order by e.event_id", fileId, fileId));
        return f;
    }

    /** The quarantined files, newest first, by error class: what, why, where, and whether it can be replayed. */
    public Map<String, List<Map<String, Object>>> errors(int limit) {
        Map<String, List<Map<String, Object>>> byClass = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select f.file_id, f.original_name, f.batch_id, f.error_class,"
                + " f.error_code, f.error_message, f.updated_at, r.replayed_by, (r.file_id is not null) as replay_requested"
                + " from invoice_file f left join file_replay r on r.file_id = f.file_id where f.state = 'FAILED'"
                + " and f.error_class is not null order by f.updated_at desc, f.file_id limit ?", limit)) {
            Map<String, Object> e = plain(row);
            e.put("replayable", !Boolean.TRUE.equals(e.get("replay_requested")));
            byClass.computeIfAbsent(String.valueOf(e.get("error_class")), k -> new ArrayList<>()).add(e);
        }
        return byClass;
    }

    /** The quarantined files of one class never replayed, oldest first (a class replay takes them all). */
    public List<String> replayableIn(String errorClass) {
        return jdbc.queryForList("select f.file_id from invoice_file f where f.state = 'FAILED' and f.error_class = ?"
                + " and not exists (select 1 from file_replay r where r.file_id = f.file_id) order by f.updated_at, f.file_id",
                String.class, errorClass);
    }

    /** Where the file's copy went when it was quarantined (relative to the work dir), or null. */
    public String quarantinedAt(String fileId) {
        List<String> where = jdbc.queryForList("select detail from job_event where file_id = ? and event like 'quarantined:%'"
                + " order by event_id desc", String.class, fileId);
        return where.isEmpty() ? null : where.get(0);
    }

    /** The file row's state, class and content digest (null when there is no such file). */
    public Map<String, Object> fileRow(String fileId) {
        List<Map<String, Object>> rows = jdbc.queryForList("select file_id, original_name, state, batch_id, error_class,"
                + " error_code, error_message, content_sha256 from invoice_file where file_id = ?", fileId);
        return rows.isEmpty() ? null : plain(rows.get(0));
    }

    /** The final status (JSON text) a completed batch stored, or null. */
    public String finalStatus(String batchId) {
        List<String> rows = jdbc.queryForList("select final_status from batch where batch_id = ?", String.class, batchId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Milliseconds on the database clock from the batch's last {@code fromEvent} to its last {@code toEvent}, or null. */
    public Long millisBetween(String batchId, String fromEvent, String toEvent) {
        List<Map<String, Object>> rows = jdbc.queryForList("select event, max(at) as at from job_event where batch_id = ?"
                + " and event in (?, ?) group by event", batchId, fromEvent, toEvent);
        java.time.Instant from = null;
        java.time.Instant to = null;
        for (Map<String, Object> row : rows) {
            java.time.Instant at = instant(value(row, "at"));
            if (fromEvent.equals(value(row, "event"))) {
                from = at;
            } else {
                to = at;
            }
        }
        return from == null || to == null || to.isBefore(from) ? null : java.time.Duration.between(from, to).toMillis();
    }

    /** Numbers for a lifecycle event about a batch: its files by state, pages, extraction and error. */
    public Map<String, Object> batchFacts(String batchId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        List<Map<String, Object>> rows = jdbc.queryForList("select state, extraction_id, file_count, error_class, error_code,"
                + " error_message, credits_needed, progress from batch where batch_id = ?", batchId);
        if (!rows.isEmpty()) {
            facts.putAll(plain(rows.get(0)));
        }
        Map<String, Long> files = new TreeMap<>();
        long pages = 0;
        for (Map<String, Object> row : jdbc.queryForList("select state, count(*) as n, coalesce(sum(pages), 0) as pages"
                + " from invoice_file where batch_id = ? group by state", batchId)) {
            files.put(String.valueOf(value(row, "state")), ((Number) value(row, "n")).longValue());
            pages += ((Number) value(row, "pages")).longValue();
        }
        facts.put("files", files);
        facts.put("pages", pages);
        return facts;
    }

    private List<Map<String, Object>> events(String sql, Object... args) {
        return jdbc.queryForList(sql, args).stream().map(StatusQueries::plain).toList();
    }

    private Map<String, Long> counts(String sql, List<String> known) {
        Map<String, Long> out = new LinkedHashMap<>();
        known.forEach(s -> out.put(s, 0L));
        for (Map<String, Object> row : jdbc.queryForList(sql)) {
            out.put(String.valueOf(value(row, "state")), ((Number) value(row, "n")).longValue());
        }
        return out;
    }

    private static Object value(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v != null || row.containsKey(key) ? v : row.get(key.toUpperCase(Locale.ROOT));
    }

    /** A row with lower-case keys and JSON-friendly values (times as ISO-8601 UTC text). */
    static Map<String, Object> plain(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v instanceof Timestamp || v instanceof TemporalAccessor
                ? String.valueOf(instant(v)) : v));
        return out;
    }

    static java.time.Instant instant(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.time.Instant i) {
            return i;
        }
        if (v instanceof java.time.ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof java.time.LocalDateTime l) {
            return l.atZone(java.time.ZoneId.systemDefault()).toInstant();
        }
        return null;
    }

    /** Asked for a batch or file that is not in the job store (answered 404). */
    public static class NotFoundException extends RuntimeException {
        public NotFoundException(String message) {
            super(message);
        }
    }
}
