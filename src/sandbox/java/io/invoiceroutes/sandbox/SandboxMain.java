package io.invoiceroutes.sandbox;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/** Command line entry of the stand-alone sandbox: {@code java -jar ... sandbox --port N [options]}. */
public final class SandboxMain {
    private record Option(String env, String help, BiConsumer<SandboxConfig.Builder, String> apply) {
    }

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        opt("port", "SANDBOX_PORT", "TCP port on 127.0.0.1; 0 picks a free port (default 0)", (b, v) -> b.port(Integer.parseInt(v)));
        opt("part-size", "SANDBOX_PART_SIZE", "part size in bytes (default 8388608)", (b, v) -> b.partSize(Integer.parseInt(v)));
        opt("processing-millis", "SANDBOX_PROCESSING_MILLIS", "base time an extraction processes (default 3000)", (b, v) -> b.processingMillis(Long.parseLong(v)));
        opt("millis-per-page", "SANDBOX_MILLIS_PER_PAGE", "processing time added per readable page (default 200)", (b, v) -> b.millisPerPage(Long.parseLong(v)));
        opt("starting-credits", "SANDBOX_STARTING_CREDITS", "credits of a new account (default 1000)", (b, v) -> b.startingCredits(Long.parseLong(v)));
        opt("rate-limit-scale", "SANDBOX_RATE_LIMIT_SCALE", "factor applied to the published per-minute rate limits, counted over a sliding 60 s per key and group (default 1.0)", (b, v) -> b.rateLimitScale(Double.parseDouble(v)));
        opt("part-url-ttl-seconds", "SANDBOX_PART_URL_TTL_SECONDS", "lifetime of part URLs (default 900)", (b, v) -> b.partUrlTtlSeconds(Long.parseLong(v)));
        opt("download-url-ttl-seconds", "SANDBOX_DOWNLOAD_URL_TTL_SECONDS", "lifetime of download URLs (default 300)", (b, v) -> b.downloadUrlTtlSeconds(Long.parseLong(v)));
        opt("keys", "SANDBOX_KEYS", "comma-separated accepted API keys (default: any non-empty key)", (b, v) -> b.keys(set(v)));
        opt("expired-keys", "SANDBOX_EXPIRED_KEYS", "comma-separated keys answering 401 API_KEY_EXPIRED", (b, v) -> b.expiredKeys(set(v)));
        opt("revoked-keys", "SANDBOX_REVOKED_KEYS", "comma-separated keys answering 401 API_KEY_REVOKED", (b, v) -> b.revokedKeys(set(v)));
        opt("self-check", "SANDBOX_SELF_CHECK", "check every response against the contract (default true)", (b, v) -> b.selfCheck(Boolean.parseBoolean(v)));
        opt("seed", "SANDBOX_SEED", "seed of the fault decisions (default 42)", (b, v) -> b.seed(Long.parseLong(v)));
        opt("server-error-rate", "SANDBOX_SERVER_ERROR_RATE", "share of /v1 requests answered 500 INTERNAL_ERROR (0..1)", (b, v) -> b.serverErrorRate(Double.parseDouble(v)));
        opt("rate-limit-storm-rate", "SANDBOX_RATE_LIMIT_STORM_RATE", "share of /v1 requests answered a spurious 429 (0..1)", (b, v) -> b.rateLimitStormRate(Double.parseDouble(v)));
        opt("drop-connection-rate", "SANDBOX_DROP_CONNECTION_RATE", "share of /v1 and storage requests whose connection is closed unanswered (0..1)", (b, v) -> b.dropConnectionRate(Double.parseDouble(v)));
        opt("round-trip-millis", "SANDBOX_ROUND_TRIP_MILLIS", "network round trip: delay before answering every /v1 and storage request, e.g. 150 for an API across the internet (default 0)", (b, v) -> b.roundTripMillis(Long.parseLong(v)));
        opt("expired-part-urls", "SANDBOX_EXPIRED_PART_URLS", "issue part URLs that are already expired", (b, v) -> b.expiredPartUrls(Boolean.parseBoolean(v)));
        opt("expired-download-urls", "SANDBOX_EXPIRED_DOWNLOAD_URLS", "status responses carry download URLs that are already expired (GET /output still gives fresh ones)", (b, v) -> b.expiredDownloadUrls(Boolean.parseBoolean(v)));
        opt("refuse-first-completion", "SANDBOX_REFUSE_FIRST_COMPLETION", "the first completion of each file answers INVALID_COMPLETION_PARTS and drops its parts", (b, v) -> b.refuseFirstCompletion(Boolean.parseBoolean(v)));
        opt("expire-part-urls-once", "SANDBOX_EXPIRE_PART_URLS_ONCE", "the first URL of each part is expired, later ones fine", (b, v) -> b.expirePartUrlsOnce(Boolean.parseBoolean(v)));
        opt("fail-pages", "SANDBOX_FAIL_PAGES", "comma-separated fileName:page to fail", (b, v) -> b.failPages(set(v)));
        opt("storage-dir", "SANDBOX_STORAGE_DIR", "folder for stored bytes (default: a temp folder)", (b, v) -> b.storageDir(Path.of(v)));
        opt("threads", "SANDBOX_THREADS", "HTTP worker threads (default 64)", (b, v) -> b.threads(Integer.parseInt(v)));
        opt("max-running-extractions", "SANDBOX_MAX_RUNNING_EXTRACTIONS", "extractions an account may have processing or input_required at once; a submit beyond is accepted but fails at once with CONCURRENT_TASK_LIMIT (default 15)", (b, v) -> b.maxRunningExtractions(Integer.parseInt(v)));
        opt("retryable-failure-rate", "SANDBOX_RETRYABLE_FAILURE_RATE", "share of started extractions that fail half-way with INTERNAL_ERROR / SUBMISSION_STALLED, retryable, nothing charged (0..1, default 0)", (b, v) -> b.retryableFailureRate(Double.parseDouble(v)));
        opt("submissions-paused-seconds", "SANDBOX_SUBMISSIONS_PAUSED_SECONDS", "seconds after start during which POST /extractions answers 503 SUBMISSIONS_PAUSED with details.resumes_at (default 0)", (b, v) -> b.submissionsPausedSeconds(Long.parseLong(v)));
        opt("answer-by-seconds", "SANDBOX_ANSWER_BY_SECONDS", "seconds from an extraction's questions to its answer_by; unanswered by then it is cancelled (default 144000 = 40 h)", (b, v) -> b.answerBySeconds(Long.parseLong(v)));
    }

    private SandboxMain() {
    }

    private static void opt(String name, String env, String help, BiConsumer<SandboxConfig.Builder, String> apply) {
        OPTIONS.put(name, new Option(env, help, apply));
    }

    private static Set<String> set(String v) {
        Set<String> s = new HashSet<>();
        Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(s::add);
        return s;
    }

    /** Parses environment variables, then command line options (which win), into a config. */
    public static SandboxConfig parse(List<String> args, Map<String, String> env) {
        SandboxConfig.Builder b = SandboxConfig.builder();
        OPTIONS.forEach((name, o) -> {
            if (env.get(o.env()) != null) {
                o.apply().accept(b, env.get(o.env()));
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + "; see --help");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            Option o = OPTIONS.get(name);
            if (o == null) {
                throw new IllegalArgumentException("unknown option --" + name + "; see --help");
            }
            o.apply().accept(b, value);
        }
        return b.build();
    }

    static String help() {
        StringBuilder sb = new StringBuilder("Usage: java -jar target/invoice-extraction-sandbox.jar [options]\n"
                + "Runs a local stand-in of the Invoice Data Extraction API on 127.0.0.1 until killed.\n"
                + "The first line on stdout is SANDBOX_URL=http://127.0.0.1:<port>/v1\nOptions (environment variable in brackets):\n");
        OPTIONS.forEach((name, o) -> sb.append(String.format("  --%-30s [%s] %s%n", name + " V", o.env(), o.help())));
        sb.append(String.format("  --%-30s %s%n", "help", "this text"));
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        List<String> list = List.of(args);
        if (list.contains("--help") || list.contains("-h")) {
            System.out.print(help());
            return;
        }
        SandboxConfig config;
        try {
            config = parse(list, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.print(help());
            System.exit(2);
            return;
        }
        SandboxServer server = new SandboxServer(config).start();
        System.out.println("SANDBOX_URL=" + server.baseUrl());
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            done.countDown();
        }, "sandbox-shutdown"));
        done.await();
    }
}
