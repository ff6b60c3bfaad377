package io.invoiceroutes;

import io.invoiceroutes.api.ApiResponses;
import io.invoiceroutes.api.PresignedUrls;
import io.invoiceroutes.api.RateBudget;
import io.invoiceroutes.api.RateGroups;
import io.invoiceroutes.api.RetryAfterDelay;
import io.invoiceroutes.api.RetryReset;
import io.invoiceroutes.credits.ApiGate;
import io.invoiceroutes.credits.CreditCheck;
import io.invoiceroutes.deliver.DeliveryChannels;
import io.invoiceroutes.deliver.PageFailureReport;
import io.invoiceroutes.deliver.DeliveryDocuments;
import io.invoiceroutes.deliver.ErpDataSource;
import io.invoiceroutes.deliver.ErpColumns;
import io.invoiceroutes.deliver.ErpStaging;
import io.invoiceroutes.deliver.ReviewRows;
import io.invoiceroutes.deliver.WebhookSigner;
import io.invoiceroutes.failure.Failures;
import io.invoiceroutes.files.ErrorReports;
import io.invoiceroutes.files.FileDigests;
import io.invoiceroutes.files.InboxChecks;
import io.invoiceroutes.files.FileNames;
import io.invoiceroutes.files.Preflight;
import io.invoiceroutes.files.StagingArea;
import io.invoiceroutes.poll.ExtractionOutcomes;
import io.invoiceroutes.poll.PollPacing;
import io.invoiceroutes.poll.Questions;
import io.invoiceroutes.store.Ids;
import io.invoiceroutes.store.InboxLocks;
import io.invoiceroutes.store.JobStore;
import io.invoiceroutes.store.Ledger;
import io.invoiceroutes.store.Leases;
import io.invoiceroutes.store.Recovery;
import io.invoiceroutes.store.StuckReports;
import io.invoiceroutes.submit.ApiRequests;
import io.invoiceroutes.submit.PromptSettings;
import io.invoiceroutes.upload.UploadPlans;
import io.invoiceroutes.upload.PartPlanner;
import io.invoiceroutes.upload.PartUploads;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

import javax.sql.DataSource;
import java.util.Map;
import java.util.function.Supplier;

/** Binds every bean the routes call; values come from config/application.properties and the environment. */
public class AppConfiguration implements CamelConfiguration, CamelContextAware {
    private CamelContext camelContext;

    @PropertyInject("invoice.work-dir")
    private String workDir;
    @PropertyInject(value = "invoice.db.url", defaultValue = "")
    private String dbUrl;
    @PropertyInject(value = "invoice.db.user", defaultValue = "")
    private String dbUser;
    @PropertyInject(value = "invoice.db.password", defaultValue = "")
    private String dbPassword;
    @PropertyInject(value = "invoice.db.pool-size", defaultValue = "8")
    private int dbPoolSize;
    @PropertyInject(value = "invoice.prompt-file", defaultValue = "")
    private String promptFile;
    @PropertyInject(value = "invoice.output-structure", defaultValue = "per_invoice")
    private String outputStructure;
    @PropertyInject(value = "invoice.ask-questions", defaultValue = "false")
    private boolean askQuestions;
    @PropertyInject(value = "invoice.task-name-prefix", defaultValue = "camel")
    private String taskNamePrefix;
    @PropertyInject(value = "invoice.stage.lease-seconds", defaultValue = "120")
    private int leaseSeconds;
    @PropertyInject(value = "invoice.instance-name", defaultValue = "")
    private String instanceName;
    @PropertyInject(value = "invoice.ingest.lock-max-age-ms", defaultValue = "30000")
    private long inboxLockMaxAgeMs;
    @PropertyInject(value = "invoice.ingest.lock-keep-alive-ms", defaultValue = "5000")
    private long inboxLockKeepAliveMs;

    @PropertyInject(value = "invoice.poll.wait-seconds", defaultValue = "25")
    private int pollWaitSeconds;
    @PropertyInject(value = "invoice.poll.interval-ms", defaultValue = "5000")
    private long pollIntervalMs;
    @PropertyInject(value = "invoice.poll.deadline-minutes", defaultValue = "120")
    private double pollDeadlineMinutes;
    @PropertyInject(value = "invoice.questions.recheck-ms", defaultValue = "300000")
    private long questionsRecheckMs;
    @PropertyInject(value = "invoice.retry.later-initial-delay-ms", defaultValue = "5000")
    private long retryLaterInitialMs;
    @PropertyInject(value = "invoice.retry.later-max-delay-ms", defaultValue = "300000")
    private long retryLaterMaxMs;
    @PropertyInject(value = "invoice.extractions.resubmit-delay-ms", defaultValue = "10000")
    private long resubmitDelayMs;
    @PropertyInject(value = "invoice.extractions.resubmit-max-delay-ms", defaultValue = "300000")
    private long resubmitMaxDelayMs;
    @PropertyInject(value = "invoice.extractions.max-resubmits", defaultValue = "5")
    private int maxResubmits;
    @PropertyInject(value = "invoice.api.max-answer-bytes", defaultValue = "16777216")
    private long maxAnswerBytes;
    @PropertyInject(value = "invoice.api.base-url", defaultValue = "")
    private String apiBaseUrl;
    @PropertyInject(value = "invoice.ingest.deduplicate", defaultValue = "true")
    private boolean deduplicate;

    @PropertyInject("invoice.errors.credits.endpoint")
    private String creditsEndpoint;
    @PropertyInject("invoice.errors.encrypted.endpoint")
    private String encryptedEndpoint;
    @PropertyInject("invoice.errors.rejected.endpoint")
    private String rejectedEndpoint;
    @PropertyInject("invoice.errors.prompt.endpoint")
    private String promptEndpoint;
    @PropertyInject("invoice.errors.failed.endpoint")
    private String failedEndpoint;
    @PropertyInject("invoice.alerts.endpoint")
    private String alertsEndpoint;

    @PropertyInject(value = "invoice.rate-limit.fraction", defaultValue = "0.9")
    private double rateLimitFraction;

    @BindToRegistry
    public RateGroups rateGroups() {
        return shared(RateGroups.class, () -> new RateGroups(rateLimitFraction));
    }

    @BindToRegistry
    public RateBudget rateBudget() {
        // resolved before computeIfAbsent: a nested computeIfAbsent on the same map fails ("Recursive update")
        // whenever the two keys share a bin, which depends on identity hash codes, so it failed now and then
        RateGroups groups = rateGroups();
        return shared(RateBudget.class, () -> new RateBudget(groups));
    }

    /** The one place that changes batch and file states (see routes/ and the README's state table). */
    @BindToRegistry
    public Ledger ledger() {
        return new Ledger(jobDataSource(), leases(), deduplicate);
    }

    @BindToRegistry
    public Failures failures() {
        return new Failures(retryLaterInitialMs, retryLaterMaxMs, resubmitDelayMs, resubmitMaxDelayMs, maxResubmits);
    }

    @BindToRegistry
    public PresignedUrls presignedUrls() {
        return new PresignedUrls(apiBaseUrl);
    }

    @BindToRegistry
    public UploadPlans uploadPlans() {
        return new UploadPlans();
    }

    @BindToRegistry
    public InboxChecks inboxChecks() {
        return new InboxChecks();
    }

    @BindToRegistry
    public FileDigests fileDigests() {
        return new FileDigests();
    }

    @BindToRegistry
    public ExtractionOutcomes extractionOutcomes() {
        return new ExtractionOutcomes();
    }

    @BindToRegistry
    public StuckReports stuckReports() {
        return new StuckReports();
    }

    /** Beans other beans use are created once, whichever method asks first (binding order is not guaranteed). */
    private final Map<Class<?>, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();

    private <T> T shared(Class<T> type, Supplier<T> create) {
        return type.cast(shared.computeIfAbsent(type, t -> create.get()));
    }

    @BindToRegistry
    public Questions questions() {
        return new Questions();
    }

    @BindToRegistry
    public PageFailureReport pageFailureReport() {
        return new PageFailureReport();
    }

    @BindToRegistry
    public CreditCheck creditCheck() {
        return new CreditCheck();
    }

    @BindToRegistry
    public ApiGate apiGate() {
        return new ApiGate();
    }

    @PropertyInject(value = "invoice.output-formats", defaultValue = "json,csv,xlsx")
    private String outputFormats;
    @PropertyInject(value = "invoice.deliver.channels", defaultValue = "")
    private String deliverChannels;
    @PropertyInject(value = "invoice.deliver.review-field", defaultValue = "Review Needed")
    private String reviewField;
    @PropertyInject(value = "invoice.deliver.sql.columns", defaultValue = "")
    private String sqlColumns;
    @PropertyInject(value = "invoice.deliver.sql.url", defaultValue = "")
    private String sqlUrl;
    @PropertyInject(value = "invoice.deliver.sql.user", defaultValue = "")
    private String sqlUser;
    @PropertyInject(value = "invoice.deliver.sql.password", defaultValue = "")
    private String sqlPassword;
    @PropertyInject(value = "invoice.deliver.webhook.secret", defaultValue = "")
    private String webhookSecret;

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @BindToRegistry
    public PollPacing pollPacing() {
        return new PollPacing(pollWaitSeconds, pollIntervalMs, pollDeadlineMinutes, questionsRecheckMs);
    }

    @BindToRegistry
    public DataSource jobDataSource() {
        return shared(DataSource.class, this::openJobStore);
    }

    private DataSource openJobStore() {
        String url = dbUrl == null || dbUrl.isBlank() ? JobStore.defaultUrl(workDir) : dbUrl.trim();
        return JobStore.open(url, dbUser, dbPassword, dbPoolSize);
    }

    @BindToRegistry
    public ApiRequests apiRequests() {
        return new ApiRequests(PromptSettings.load(promptFile), PromptSettings.outputStructure(outputStructure),
                askQuestions, taskNamePrefix);
    }

    @BindToRegistry
    public ApiResponses apiResponses() {
        return new ApiResponses(maxAnswerBytes);
    }

    @BindToRegistry
    public RetryReset retryReset() {
        return new RetryReset();
    }

    @BindToRegistry
    public RetryAfterDelay retryAfterDelay() {
        return new RetryAfterDelay(rateBudget());
    }

    @BindToRegistry
    public PartPlanner partPlanner() {
        return new PartPlanner();
    }

    @BindToRegistry
    public PartUploads partUploads() {
        return new PartUploads();
    }

    @BindToRegistry
    public StagingArea stagingArea() {
        return new StagingArea(workDir);
    }

    @BindToRegistry
    public FileNames fileNames() {
        return new FileNames();
    }

    @PropertyInject(value = "invoice.preflight.enabled", defaultValue = "true")
    private boolean preflightEnabled;

    @BindToRegistry
    public Preflight preflight() {
        return new Preflight(preflightEnabled);
    }

    @BindToRegistry
    public ErrorReports errorReports() {
        return new ErrorReports(Map.of(
                "credits", creditsEndpoint, "encrypted", encryptedEndpoint, "rejected", rejectedEndpoint, "prompt", promptEndpoint, "failed", failedEndpoint,
                "alerts", alertsEndpoint));
    }

    /** File ids already offered to the batch aggregator in this run (the job store holds the durable truth). */
    @BindToRegistry
    public IdempotentRepository batchOffers() {
        return MemoryIdempotentRepository.memoryIdempotentRepository(100_000);
    }

    @BindToRegistry
    public Ids ids() {
        return new Ids();
    }

    @BindToRegistry
    public Leases leases() {
        return shared(Leases.class, () -> new Leases(leaseSeconds, instanceName));
    }

    /** The inbox read lock shared by every instance through the job store (see routes/ingest.camel.yaml). */
    @BindToRegistry
    public InboxLocks inboxLocks() {
        DataSource dataSource = jobDataSource();
        InboxLocks locks = new InboxLocks(dataSource, "inbox", camelContext, inboxLockMaxAgeMs, inboxLockKeepAliveMs);
        try {
            // started and stopped with the context, so its keep-alive runs however the read lock treats it
            camelContext.addService(locks, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the inbox locks", e);
        }
        return locks;
    }

    /** The staged files recovery adopts (moved to staging, never recorded). */
    @BindToRegistry
    public Recovery recovery() {
        return new Recovery(new StagingArea(workDir));
    }

    @BindToRegistry
    public DeliveryChannels deliveryChannels() {
        return new DeliveryChannels(deliverChannels, outputFormats);
    }

    @BindToRegistry
    public DeliveryDocuments deliveryDocuments() {
        return new DeliveryDocuments(workDir, new ReviewRows(reviewField));
    }

    @BindToRegistry
    public ReviewRows reviewRows() {
        return new ReviewRows(reviewField);
    }

    /** The ERP staging writer: on the job store's DataSource, or its own pool when invoice.deliver.sql.url is set. */
    @BindToRegistry
    public ErpStaging erpStaging() {
        Supplier<DataSource> dataSource;
        if (sqlUrl == null || sqlUrl.isBlank()) {
            dataSource = () -> camelContext.getRegistry().lookupByNameAndType("jobDataSource", DataSource.class);
        } else {
            DataSource erp = ErpDataSource.open(sqlUrl.trim(), sqlUser, sqlPassword);
            dataSource = () -> erp;
        }
        return new ErpStaging(dataSource, new ErpColumns(sqlColumns), new ReviewRows(reviewField));
    }

    @BindToRegistry
    public WebhookSigner webhookSigner() {
        return new WebhookSigner(webhookSecret);
    }
}
