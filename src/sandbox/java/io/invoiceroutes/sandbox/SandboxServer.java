package io.invoiceroutes.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A contract-faithful local stand-in for the Invoice Data Extraction API on 127.0.0.1 (JDK HttpServer). */
public final class SandboxServer implements AutoCloseable {
    private final SandboxConfig config;
    private final RequestRecorder recorder = new RequestRecorder();
    private final UrlSigner signer = new UrlSigner();
    private final HoldControl holds = new HoldControl();
    private final SubmissionPause submissionPause = new SubmissionPause();
    private final RetryAfterWatch retryAfterWatch = new RetryAfterWatch();
    private final ContractGate contract = new ContractGate();
    private final SandboxState state;
    private final Auth auth;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final RoundTrip roundTrip;
    private final ExtractionProcessor processor;
    private final ApiRouter router;
    private final StorageApi storage;
    private final AdminApi admin;
    private HttpServer http;
    private ExecutorService pool;
    private volatile boolean stopping;

    public SandboxServer(SandboxConfig config) {
        this.config = config;
        this.state = new SandboxState(config);
        this.auth = new Auth(config, state);
        this.faults = new FaultInjector(config);
        this.rateLimiter = new RateLimiter(config.rateLimitScale());
        this.roundTrip = new RoundTrip(config.roundTripMillis());
        this.processor = new ExtractionProcessor(this);
        this.router = new ApiRouter(this);
        new UploadsApi(this).register(router);
        new ExtractionsApi(this).register(router);
        this.storage = new StorageApi(this);
        this.admin = new AdminApi(this);
    }

    /** Binds 127.0.0.1 on the configured port (0 = a free port) and starts serving. */
    public synchronized SandboxServer start() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "sandbox-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", this::dispatch);
        if (config.submissionsPausedSeconds() > 0) {
            submissionPause.pauseFor(Duration.ofSeconds(config.submissionsPausedSeconds()));
        }
        http.start();
        return this;
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        try {
            if (path.startsWith("/storage/")) {
                storage.handle(ex);
            } else if (path.startsWith("/_sandbox/")) {
                admin.handle(ex);
            } else if (path.startsWith("/v1/")) {
                router.handle(ex);
            } else {
                record(ex, 404, null);
                Http.send(ex, 404, "application/json", Json.bytes(Errors.envelope("NOT_FOUND",
                        "No endpoint at " + path + "; the API lives under " + baseUrl() + ".", false, null)), Map.of());
            }
        } catch (IOException | RuntimeException e) {
            ex.close();
        }
    }

    /** Stops serving, releases held responses and deletes the temporary storage folder. */
    public synchronized void stop() {
        stopping = true;
        holds.releaseAll();
        if (http != null) {
            http.stop(0);
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            http = null;
        }
        processor.stop();
        state.deleteStorage();
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public RequestRecorder recorder() {
        return recorder;
    }

    public SandboxState state() {
        return state;
    }

    public SandboxConfig config() {
        return config;
    }

    public HoldControl holds() {
        return holds;
    }

    /** Arms a hold ("hold" or "drop-response") for the next request of this operationId. */
    public CompletableFuture<HoldControl.Held> hold(String operationId, String action) {
        return holds.arm(operationId, action);
    }

    /** Arms a hold for the request of this operationId after {@code skip} others (storagePut/storageGet too). */
    public CompletableFuture<HoldControl.Held> hold(String operationId, String action, int skip) {
        return holds.arm(operationId, action, skip);
    }

    /**
     * Pauses submissions for {@code duration} from now (as for a deploy): POST /extractions answers 503
     * SUBMISSIONS_PAUSED with {@code details.resumes_at} until then; a zero duration resumes them. Returns the end.
     */
    public Instant pauseSubmissions(Duration duration) {
        return submissionPause.pauseFor(duration);
    }

    public void setCredits(String key, long balance) {
        state.setCredits(key, balance);
    }

    /** Revokes a key while the sandbox runs: it answers 401 API_KEY_REVOKED until restored. */
    public void revokeKey(String key) {
        auth.revoke(key);
    }

    /** Accepts a key revoked with {@link #revokeKey(String)} again. */
    public void restoreKey(String key) {
        auth.restore(key);
    }

    /** Forgets every account, rate-limit window, Retry-After, pause of submissions and recorded request. */
    public void reset() {
        holds.releaseAll();
        submissionPause.clear();
        state.reset();
        rateLimiter.reset();
        retryAfterWatch.clear();
        recorder.clear();
    }

    boolean stopping() {
        return stopping;
    }

    String signedUrl(String method, String path, long ttlSeconds, boolean expired) {
        Instant issued = expired ? Instant.now().minusSeconds(ttlSeconds + 60) : Instant.now();
        return origin() + path + "?" + signer.query(method, path, issued, ttlSeconds);
    }

    void record(HttpExchange ex, int status, String operationId) {
        recorder.record(new RequestRecorder.RecordedRequest(Instant.now(), ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), Http.maskedHeaders(ex), status, operationId));
    }

    UrlSigner signer() {
        return signer;
    }

    FaultInjector faults() {
        return faults;
    }

    /** Per extraction: submitted, final (and which status), first seen final by the client, first output download. */
    public List<Timeline.ExtractionTimes> extractionTimeline() {
        return recorder.timeline().extractions();
    }

    /** The times of the requests the rate limiter accepted, per rate group (uploads, status, writes, reads, import). */
    public Map<String, List<Instant>> acceptedRequests() {
        return recorder.timeline().acceptedRequests();
    }

    /** The most accepted requests of the rate group within any sliding 60 seconds. */
    public int busiestMinute(String group) {
        return recorder.timeline().busiestMinute(group);
    }

    /** The 429s answered per rate group, by the limiter or as injected storms. */
    public Map<String, Integer> rateLimitedCounts() {
        return recorder.timeline().rateLimitedCounts();
    }

    RetryAfterWatch retryAfterWatch() {
        return retryAfterWatch;
    }

    SubmissionPause submissionPause() {
        return submissionPause;
    }

    RoundTrip roundTrip() {
        return roundTrip;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    Auth auth() {
        return auth;
    }

    ContractGate contract() {
        return contract;
    }

    ExtractionProcessor processor() {
        return processor;
    }
}
