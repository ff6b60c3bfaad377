package io.invoiceroutes.deliver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The configured delivery channels and the targets each batch is delivered to, checked once at start-up so a typo
 * or a missing URL, secret or host fails the start with the setting's name, not every batch.
 */
public class DeliveryChannels {
    /** Every channel that has a {@code direct:deliver-<name>} route. */
    public static final Set<String> KNOWN = Set.of("sql", "webhook", "sftp");
    /** The target that sends review.json to {@code invoice.deliver.review-endpoint}. */
    public static final String REVIEW = "review";
    /** Channels that read the rows from results.json. */
    private static final Set<String> NEED_JSON = Set.of("sql", "webhook");

    /** What the channels need besides their names; secrets come from the environment. */
    public record Settings(String webhookUrl, String webhookSecret, String sftpHost, String sftpUsername,
                           String sftpPassword, String sftpPrivateKeyFile, String sftpFiles, String reviewEndpoint) {
    }

    private final List<String> channels;
    private final List<String> sftpFiles;
    private final boolean reviewEndpoint;

    public DeliveryChannels(String configured, String outputFormats, Settings settings) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : split(configured)) {
            String name = token.toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("invoice.deliver.channels: unknown channel '" + token
                        + "'; use any of " + KNOWN + " (empty = the outbox folder only)");
            }
            names.add(name);
        }
        List<String> formats = split(outputFormats).stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
        for (String name : names) {
            if (NEED_JSON.contains(name) && !formats.contains("json")) {
                throw new IllegalArgumentException("invoice.deliver.channels: '" + name
                        + "' reads results.json; add json to invoice.output-formats");
            }
        }
        if (names.contains("webhook")) {
            checkWebhook(settings);
        }
        this.sftpFiles = names.contains("sftp") ? checkSftp(settings, formats) : List.of();
        this.channels = List.copyOf(names);
        this.reviewEndpoint = settings.reviewEndpoint() != null && !settings.reviewEndpoint().isBlank();
    }

    /** The channels in configured order, without duplicates. */
    public List<String> list() {
        return channels;
    }

    /**
     * What one batch is delivered to, in order: {@code review} when the review endpoint is set and rows need
     * review, then each channel; the sftp channel gives one target per file ({@code sftp:results.csv}).
     */
    public List<String> targets(int reviewCount) {
        List<String> targets = new ArrayList<>();
        if (reviewEndpoint && reviewCount > 0) {
            targets.add(REVIEW);
        }
        for (String channel : channels) {
            if ("sftp".equals(channel)) {
                sftpFiles.forEach(f -> targets.add("sftp:" + f));
            } else {
                targets.add(channel);
            }
        }
        return targets;
    }

    /** The channel of a target: {@code sftp} for {@code sftp:results.csv}. */
    public String channelOf(String target) {
        int colon = target.indexOf(':');
        return colon < 0 ? target : target.substring(0, colon);
    }

    /** The file of an sftp target ({@code results.csv} for {@code sftp:results.csv}). */
    public String fileOf(String target) {
        int colon = target.indexOf(':');
        return colon < 0 ? target : target.substring(colon + 1);
    }

    /**
     * The idempotency key of one batch's delivery to one target: derived from both, so every attempt, retry and
     * restart sends the same key without it having to be stored first.
     */
    public String deliveryId(String batchId, String target) {
        return UUID.nameUUIDFromBytes(("invoice-delivery:" + batchId + ":" + target).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** This attempt at a batch's targets: those not yet finished for good ({@code finished}, from the ledger). */
    public DeliveryRound round(List<String> targets, List<String> finished) {
        return new DeliveryRound(targets, finished == null ? List.of() : finished);
    }

    /** False when the target's channel already failed in this round: its other targets wait for the next one. */
    public boolean shouldTry(DeliveryRound round, String target) {
        return !round.channelDown(channelOf(target));
    }

    /** Records in the round that a target failed; returns the reason, as the ledger and the log say it. */
    public String failed(DeliveryRound round, String target, Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String reason = root == null ? "unknown failure" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
        if (reason.length() > 500) {
            reason = reason.substring(0, 500) + "…";
        }
        round.failed(target, channelOf(target), reason);
        return reason;
    }

    /** Ends a round: when a target failed, the batch is not delivered yet and waits to try the rest again. */
    public void finish(DeliveryRound round) {
        Map<String, String> failures = round.failures();
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder("not delivered yet to ");
            failures.forEach((target, reason) -> message.append(target).append(" (").append(reason).append("); "));
            message.setLength(message.length() - 2);
            throw new ChannelsNotDeliveredException(message + "; the channels that succeeded are not run again");
        }
    }

    private static void checkWebhook(Settings s) {
        String url = s.webhookUrl() == null ? "" : s.webhookUrl().trim();
        if (url.isEmpty()) {
            throw missing("invoice.deliver.webhook.url", "the webhook channel needs the ERP's URL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting("invoice.deliver.webhook.url") + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(setting("invoice.deliver.webhook.url")
                    + " must be an http:// or https:// URL with a host and no credentials in it");
        }
        if (s.webhookSecret() == null || s.webhookSecret().isBlank()) {
            throw missing("invoice.deliver.webhook.secret", "every webhook request is signed with it, nothing is sent unsigned;"
                    + " set it only in the environment");
        }
    }

    private static List<String> checkSftp(Settings s, List<String> formats) {
        if (s.sftpHost() == null || s.sftpHost().isBlank()) {
            throw missing("invoice.deliver.sftp.host", "the sftp channel needs the ERP's SFTP server");
        }
        if (s.sftpUsername() == null || s.sftpUsername().isBlank()) {
            throw missing("invoice.deliver.sftp.username", "the sftp channel logs in with it");
        }
        boolean password = s.sftpPassword() != null && !s.sftpPassword().isEmpty();
        boolean key = s.sftpPrivateKeyFile() != null && !s.sftpPrivateKeyFile().isBlank();
        if (!password && !key) {
            throw missing("invoice.deliver.sftp.password", "the sftp channel needs it (environment only) or "
                    + setting("invoice.deliver.sftp.private-key-file"));
        }
        if (key && !Files.isReadable(Path.of(s.sftpPrivateKeyFile().trim()))) {
            throw new IllegalArgumentException(setting("invoice.deliver.sftp.private-key-file") + " names "
                    + s.sftpPrivateKeyFile().trim() + ", which cannot be read");
        }
        List<String> files = new ArrayList<>(new LinkedHashSet<>(split(s.sftpFiles())));
        if (files.isEmpty()) {
            throw missing("invoice.deliver.sftp.files", "the sftp channel needs the outbox files to upload");
        }
        for (String file : files) {
            boolean result = file.startsWith("results.") && formats.contains(file.substring("results.".length()));
            if (!result && !file.equals("extraction.json")) {
                throw new IllegalArgumentException(setting("invoice.deliver.sftp.files") + ": '" + file + "' is not written"
                        + " for every batch; use extraction.json or results.<format> for a format in invoice.output-formats "
                        + formats);
            }
        }
        return List.copyOf(files);
    }

    private static IllegalArgumentException missing(String property, String why) {
        return new IllegalArgumentException(setting(property) + " is not set: " + why);
    }

    /** "invoice.foo-bar (INVOICE_FOO_BAR)": the setting and the environment variable that sets it. */
    static String setting(String property) {
        return property + " (" + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }

    static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
