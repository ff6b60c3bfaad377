package io.invoiceroutes.sandbox;

import java.nio.file.Path;
import java.util.Set;

/** Immutable settings of one sandbox run; build with {@link #builder()}, every field has a default. */
public record SandboxConfig(
        int port,
        int partSize,
        long processingMillis,
        long millisPerPage,
        long startingCredits,
        double rateLimitScale,
        long partUrlTtlSeconds,
        long downloadUrlTtlSeconds,
        Set<String> keys,
        Set<String> expiredKeys,
        Set<String> revokedKeys,
        boolean selfCheck,
        long seed,
        double serverErrorRate,
        double rateLimitStormRate,
        double dropConnectionRate,
        long roundTripMillis,
        boolean expiredPartUrls,
        boolean expiredDownloadUrls,
        boolean expirePartUrlsOnce,
        boolean refuseFirstCompletion,
        Set<String> failPages,
        Path storageDir,
        int threads,
        int maxRunningExtractions,
        double retryableFailureRate,
        long submissionsPausedSeconds,
        long answerBySeconds) {

    public static final int DEFAULT_PART_SIZE = 8_388_608;
    /** The contract's default concurrency limit of an account. */
    public static final int DEFAULT_MAX_RUNNING_EXTRACTIONS = 15;
    /** The contract's answer_by: 40 hours. */
    public static final long DEFAULT_ANSWER_BY_SECONDS = 40 * 3600;

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.port = port;
        b.partSize = partSize;
        b.processingMillis = processingMillis;
        b.millisPerPage = millisPerPage;
        b.startingCredits = startingCredits;
        b.rateLimitScale = rateLimitScale;
        b.partUrlTtlSeconds = partUrlTtlSeconds;
        b.downloadUrlTtlSeconds = downloadUrlTtlSeconds;
        b.keys = keys;
        b.expiredKeys = expiredKeys;
        b.revokedKeys = revokedKeys;
        b.selfCheck = selfCheck;
        b.seed = seed;
        b.serverErrorRate = serverErrorRate;
        b.rateLimitStormRate = rateLimitStormRate;
        b.dropConnectionRate = dropConnectionRate;
        b.roundTripMillis = roundTripMillis;
        b.expiredPartUrls = expiredPartUrls;
        b.expiredDownloadUrls = expiredDownloadUrls;
        b.expirePartUrlsOnce = expirePartUrlsOnce;
        b.refuseFirstCompletion = refuseFirstCompletion;
        b.failPages = failPages;
        b.storageDir = storageDir;
        b.threads = threads;
        b.maxRunningExtractions = maxRunningExtractions;
        b.retryableFailureRate = retryableFailureRate;
        b.submissionsPausedSeconds = submissionsPausedSeconds;
        b.answerBySeconds = answerBySeconds;
        return b;
    }

    /** Fluent builder for {@link SandboxConfig}. */
    public static final class Builder {
        private int port = 0;
        private int partSize = DEFAULT_PART_SIZE;
        private long processingMillis = 3000;
        private long millisPerPage = 200;
        private long startingCredits = 1000;
        private double rateLimitScale = 1.0;
        private long partUrlTtlSeconds = 900;
        private long downloadUrlTtlSeconds = 300;
        private Set<String> keys = Set.of();
        private Set<String> expiredKeys = Set.of();
        private Set<String> revokedKeys = Set.of();
        private boolean selfCheck = true;
        private long seed = 42;
        private double serverErrorRate;
        private double rateLimitStormRate;
        private double dropConnectionRate;
        private long roundTripMillis;
        private boolean expiredPartUrls;
        private boolean expiredDownloadUrls;
        private boolean expirePartUrlsOnce;
        private boolean refuseFirstCompletion;
        private Set<String> failPages = Set.of();
        private Path storageDir;
        private int threads = 64;
        private int maxRunningExtractions = DEFAULT_MAX_RUNNING_EXTRACTIONS;
        private double retryableFailureRate;
        private long submissionsPausedSeconds;
        private long answerBySeconds = DEFAULT_ANSWER_BY_SECONDS;

        public Builder port(int v) { port = v; return this; }
        public Builder partSize(int v) { partSize = v; return this; }
        /** The base processing time of every extraction; {@link #millisPerPage(long)} adds to it per page. */
        public Builder processingMillis(long v) { processingMillis = v; return this; }
        /** Processing time added per readable page, so long documents are slow and one-page ones quick. */
        public Builder millisPerPage(long v) { millisPerPage = v; return this; }
        public Builder startingCredits(long v) { startingCredits = v; return this; }
        public Builder rateLimitScale(double v) { rateLimitScale = v; return this; }
        public Builder partUrlTtlSeconds(long v) { partUrlTtlSeconds = v; return this; }
        public Builder downloadUrlTtlSeconds(long v) { downloadUrlTtlSeconds = v; return this; }
        public Builder keys(Set<String> v) { keys = Set.copyOf(v); return this; }
        public Builder expiredKeys(Set<String> v) { expiredKeys = Set.copyOf(v); return this; }
        public Builder revokedKeys(Set<String> v) { revokedKeys = Set.copyOf(v); return this; }
        public Builder selfCheck(boolean v) { selfCheck = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder serverErrorRate(double v) { serverErrorRate = v; return this; }
        public Builder rateLimitStormRate(double v) { rateLimitStormRate = v; return this; }
        public Builder dropConnectionRate(double v) { dropConnectionRate = v; return this; }
        /** Delay before answering every /v1 and storage request (the network round trip); 0 for none. */
        public Builder roundTripMillis(long v) { roundTripMillis = v; return this; }
        public Builder expiredPartUrls(boolean v) { expiredPartUrls = v; return this; }
        public Builder expiredDownloadUrls(boolean v) { expiredDownloadUrls = v; return this; }
        public Builder expirePartUrlsOnce(boolean v) { expirePartUrlsOnce = v; return this; }
        public Builder refuseFirstCompletion(boolean v) { refuseFirstCompletion = v; return this; }
        /** Pages to fail, each {@code fileName:page}. */
        public Builder failPages(Set<String> v) { failPages = Set.copyOf(v); return this; }
        public Builder storageDir(Path v) { storageDir = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        /** Extractions an account may have processing or waiting for answers; a submit beyond fails CONCURRENT_TASK_LIMIT. */
        public Builder maxRunningExtractions(int v) { maxRunningExtractions = v; return this; }
        /** Share (0..1) of the extractions that start processing which fail half-way with a retryable code. */
        public Builder retryableFailureRate(double v) { retryableFailureRate = v; return this; }
        /** Seconds after start during which POST /extractions answers 503 SUBMISSIONS_PAUSED. */
        public Builder submissionsPausedSeconds(long v) { submissionsPausedSeconds = v; return this; }
        /** Seconds from the first question to answer_by, after which the extraction is cancelled as unanswered. */
        public Builder answerBySeconds(long v) { answerBySeconds = v; return this; }

        public SandboxConfig build() {
            if (partSize < 1 || threads < 2 || rateLimitScale <= 0) {
                throw new IllegalArgumentException("partSize must be >= 1, threads >= 2, rateLimitScale > 0");
            }
            if (roundTripMillis < 0 || processingMillis < 0 || millisPerPage < 0 || submissionsPausedSeconds < 0
                    || answerBySeconds < 0) {
                throw new IllegalArgumentException("roundTripMillis, processingMillis, millisPerPage,"
                        + " submissionsPausedSeconds and answerBySeconds must be >= 0");
            }
            if (maxRunningExtractions < 1 || retryableFailureRate < 0 || retryableFailureRate > 1) {
                throw new IllegalArgumentException("maxRunningExtractions must be >= 1, retryableFailureRate in 0..1");
            }
            return new SandboxConfig(port, partSize, processingMillis, millisPerPage, startingCredits, rateLimitScale,
                    partUrlTtlSeconds, downloadUrlTtlSeconds, keys, expiredKeys, revokedKeys, selfCheck, seed,
                    serverErrorRate, rateLimitStormRate, dropConnectionRate, roundTripMillis, expiredPartUrls,
                    expiredDownloadUrls, expirePartUrlsOnce, refuseFirstCompletion, failPages, storageDir, threads,
                    maxRunningExtractions, retryableFailureRate, submissionsPausedSeconds, answerBySeconds);
        }
    }
}
