package io.invoiceroutes.failure;

import io.invoiceroutes.api.ApiException;
import io.invoiceroutes.api.BatchRefusedException;
import io.invoiceroutes.api.CreditsShortException;
import io.invoiceroutes.api.ErrorClass;
import io.invoiceroutes.api.FilesRefusedException;
import io.invoiceroutes.api.KeyRefusedException;
import io.invoiceroutes.api.RetryableExtractionFailure;
import io.invoiceroutes.api.SessionConflictException;
import io.invoiceroutes.api.SubmissionConflictException;
import io.invoiceroutes.api.SubmissionsPausedException;
import io.invoiceroutes.store.LeaseLostException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides what a failure does (its {@link Reaction}) and how long each kind of wait lasts: a transient
 * failure's retry (exponential with jitter, Retry-After wins), a resubmission's pause, and how many resubmissions
 * a batch gets.
 */
public class Failures {
    private final long retryInitialMs;
    private final long retryMaxMs;
    private final long resubmitInitialMs;
    private final long resubmitMaxMs;
    private final int maxResubmits;

    public Failures(long retryInitialMs, long retryMaxMs, long resubmitInitialMs, long resubmitMaxMs, int maxResubmits) {
        if (retryInitialMs < 1 || retryMaxMs < retryInitialMs || resubmitInitialMs < 0 || resubmitMaxMs < resubmitInitialMs
                || maxResubmits < 0) {
            throw new IllegalArgumentException("retry and resubmit delays must be positive with max >= initial,"
                    + " and invoice.extractions.max-resubmits at least 0");
        }
        this.retryInitialMs = retryInitialMs;
        this.retryMaxMs = retryMaxMs;
        this.resubmitInitialMs = resubmitInitialMs;
        this.resubmitMaxMs = resubmitMaxMs;
        this.maxResubmits = maxResubmits;
    }

    /**
     * The failure of {@code batchId}'s work in {@code stage} (the batch was in {@code batchState}), with the one
     * reaction the policy takes: decided by the exception's type (ApiFailures chose it from the API's answer), except
     * that a completed batch - an extraction paid for - is never quarantined, only retried.
     */
    public Failure of(Throwable thrown, String batchId, String stage, String batchState) {
        boolean paid = "COMPLETED".equals(batchState);
        if (find(thrown, LeaseLostException.class) != null) {
            return new Failure(Reaction.LEASE_LOST, batchId, stage, "LEASE_LOST", thrown.getMessage(),
                    ErrorClass.FAILED.folder(), true, null, List.of(), null, null, Map.of(), false);
        }
        ApiException api = find(thrown, ApiException.class);
        if (api == null) {
            Throwable root = root(thrown);
            String message = root.getMessage() == null ? root.toString() : root.getMessage();
            return new Failure(Reaction.RETRY_LATER, batchId, stage, root.getClass().getSimpleName(), message,
                    ErrorClass.FAILED.folder(), true, null, List.of(), null, null, Map.of(), false);
        }
        return new Failure(reaction(api, paid), batchId, stage, api.getCode(), api.getApiMessage(),
                api.getErrorClass().folder(), api.isRetryable(), api.getRetryAfterSeconds(),
                api instanceof FilesRefusedException files ? files.getFileNames() : List.of(),
                api instanceof SubmissionConflictException conflict ? conflict.getExtractionId() : null,
                api instanceof SubmissionsPausedException paused ? paused.getResumesAt() : null,
                api.getDetails(), api instanceof RetryableExtractionFailure r && r.isAccountLimit());
    }

    static Reaction reaction(ApiException api, boolean paid) {
        if (api instanceof KeyRefusedException) {
            return Reaction.KEY_REFUSED;
        }
        if (paid) {
            return Reaction.RETRY_LATER;
        }
        if (api instanceof CreditsShortException) {
            return Reaction.HOLD_CREDITS;
        }
        if (api instanceof SubmissionsPausedException) {
            return Reaction.SUBMISSIONS_PAUSED;
        }
        if (api instanceof SessionConflictException) {
            return Reaction.NEW_SESSION;
        }
        if (api instanceof SubmissionConflictException) {
            return Reaction.ADOPT_EXTRACTION;
        }
        if (api instanceof RetryableExtractionFailure) {
            return Reaction.RESUBMIT;
        }
        if (api instanceof FilesRefusedException) {
            return Reaction.QUARANTINE_FILES;
        }
        if (api instanceof BatchRefusedException) {
            return Reaction.QUARANTINE_BATCH;
        }
        return Reaction.RETRY_LATER;
    }

    /** How long a batch waits after its {@code attempts}-th transient failure in a row; Retry-After wins when longer. */
    public long retryDelayMs(Failure failure, int attempts) {
        long backoff = jittered(retryInitialMs, retryMaxMs, attempts);
        Long after = failure.retryAfterSeconds();
        return after == null ? backoff : Math.max(backoff, after * 1000L + 250L);
    }

    /** The pause before submitting again after the {@code resubmits}-th retryable extraction failure. */
    public long resubmitPauseMs(int resubmits) {
        return resubmitInitialMs == 0 ? 0 : jittered(resubmitInitialMs, resubmitMaxMs, resubmits);
    }

    /** True while a batch that was resubmitted {@code resubmits} times may be submitted once more. */
    public boolean mayResubmit(int resubmits) {
        return resubmits < maxResubmits;
    }

    public int maxResubmits() {
        return maxResubmits;
    }

    /** The codes of every failed extraction attempt, oldest first: the stored ones, then this one. */
    public String attemptCodes(String stored, String code) {
        return stored == null || stored.isBlank() ? null : stored + "," + code;
    }

    /** initial * 2^n, capped, with up to a quarter of jitter either way so instances do not retry in step. */
    static long jittered(long initial, long max, int n) {
        long base = initial;
        for (int i = 0; i < n && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        long spread = base / 4;
        return spread == 0 ? base : base - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
