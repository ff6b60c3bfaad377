package io.invoiceroutes.failure;

/** What the failure policy does with a failed stage's batch; {@link Failures#of} picks exactly one. */
public enum Reaction {
    /** Another instance owns the batch now: stop, change nothing. */
    LEASE_LOST,
    /** The key was refused: pause API work, alert once, no file fails. */
    KEY_REFUSED,
    /** Too few credits: hold the batch until the balance covers it. */
    HOLD_CREDITS,
    /** Submissions are paused: give the slot back and wait until they resume. */
    SUBMISSIONS_PAUSED,
    /** The upload session id is taken by another file set: start a new session. */
    NEW_SESSION,
    /** Our submission id already made an extraction: it is ours, take it. */
    ADOPT_EXTRACTION,
    /** A retryable extraction failure: submit again under a new submission id after a pause. */
    RESUBMIT,
    /** The API refused some files: quarantine those, the rest go on. */
    QUARANTINE_FILES,
    /** The API refused the batch as a whole: quarantine its files to their class. */
    QUARANTINE_BATCH,
    /** Transient or unexpected, or a paid batch: keep the state and try again after a growing pause. */
    RETRY_LATER
}
