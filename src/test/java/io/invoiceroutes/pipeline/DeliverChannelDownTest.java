package io.invoiceroutes.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.intake.SftpTestServer;
import io.invoiceroutes.sandbox.SandboxConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery per channel, exactly once: while one channel is down the others are delivered once and never again,
 * the paid batch waits COMPLETED (nothing quarantined, no original in errors/), and each late channel gets the
 * batch once it is back - the SQL rows and the webhook document each arrive exactly once.
 */
class DeliverChannelDownTest {
    private static final String SECRET = "whsec-down-9c1e";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_channel_down_leaves_the_others_delivered_once_and_gets_the_batch_when_it_comes_back(@TempDir Path work)
            throws Exception {
        // the ERP's SFTP server: its port and host key are known, but it is not running yet
        Path sftpRoot = work.resolve("sftp-root");
        Path hostKey = work.resolve("sftp-hostkey.ser");
        SftpTestServer first = SftpTestServer.start(sftpRoot, hostKey);
        int port = first.port();
        Path knownHosts = first.knownHosts(work.resolve("known_hosts"));
        first.close();

        try (WebhookReceiver erp = new WebhookReceiver(SECRET, 0)) {
            erp.down(true);
            Map<String, String> props = new HashMap<>();
            props.put("invoice.deliver.channels", "sql,webhook,sftp");
            props.put("invoice.deliver.webhook.url", erp.url());
            props.put("invoice.deliver.webhook.secret", SECRET);
            props.put("invoice.deliver.webhook.max-retries", "1");
            props.put("invoice.deliver.webhook.initial-delay-ms", "50");
            props.put("invoice.deliver.retry.max-retries", "1");
            props.put("invoice.deliver.retry.initial-delay-ms", "50");
            props.put("invoice.deliver.sftp.host", "127.0.0.1");
            props.put("invoice.deliver.sftp.port", String.valueOf(port));
            props.put("invoice.deliver.sftp.username", SftpTestServer.USER);
            props.put("invoice.deliver.sftp.password", SftpTestServer.PASSWORD);
            props.put("invoice.deliver.sftp.known-hosts-file", knownHosts.toString());
            props.put("invoice.deliver.sftp.directory", "erp");
            props.put("invoice.deliver.sftp.files", "results.csv,extraction.json");
            // the three invoices make one batch, however slowly they are taken in
            props.put("invoice.batch.max-files", "3");
            props.put("invoice.batch.timeout-ms", "30000");
            try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(300), props)) {
                List<Path> samples = PipelineHarness.samplePdfs().subList(0, 3);
                for (Path sample : samples) {
                    pipeline.drop(sample, sample.getFileName().toString());
                }
                // SQL is delivered; the webhook and SFTP fail, and are tried again on their own
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        steps(pipeline).getOrDefault("sql", "").equals("DELIVERED/1")
                                && attempts(pipeline, "webhook") >= 2 && attempts(pipeline, "sftp:results.csv") >= 2);
                Map<String, Object> batch = pipeline.query("select batch_id, extraction_id, state from batch").get(0);
                String batchId = (String) batch.get("batch_id");
                String extractionId = (String) batch.get("extraction_id");
                assertThat(batch.get("state")).isEqualTo("COMPLETED");
                JsonNode results = json.readTree(work.resolve("outbox").resolve(batchId).resolve("results.json").toFile());
                assertThat(erpRowCount(pipeline, extractionId)).isEqualTo((long) results.size());
                assertThat(erp.processed()).isEmpty();
                assertThat(erp.received).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
                assertThat(PipelineHarness.files(work.resolve("archive"))).isEmpty();
                assertThat(pipeline.query("select state from invoice_file"))
                        .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("SUBMITTED"));
                assertThat(pipeline.query("select event from job_event where event = 'retry-later' and stage = 'deliver'"))
                        .hasSizeGreaterThanOrEqualTo(1);

                // the ERP's webhook comes back: it gets the document once; SQL is not run again
                erp.down(false);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                        steps(pipeline).getOrDefault("webhook", "").startsWith("DELIVERED"));
                assertThat(pipeline.query("select state from batch").get(0).get("state")).isEqualTo("COMPLETED");

                // the SFTP server comes back where it was: the files arrive and the batch is delivered
                try (SftpTestServer sftp = SftpTestServer.start(sftpRoot, hostKey, port)) {
                    pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(30));
                    Path outbox = work.resolve("outbox").resolve(batchId);
                    Path uploaded = sftp.root.resolve("erp").resolve(batchId);
                    for (String name : List.of("results.csv", "extraction.json")) {
                        assertThat(Files.readAllBytes(uploaded.resolve(name))).as(name).isEqualTo(Files.readAllBytes(outbox.resolve(name)));
                    }
                }

                // each row once in the ERP table, written by one delivery; one document processed by the webhook
                assertThat(erpRowCount(pipeline, extractionId)).isEqualTo((long) results.size());
                assertThat(pipeline.query("select count(*) as n from batch")).containsExactly(Map.of("n", 1L));
                assertThat(pipeline.query("select extraction_id, row_number, count(*) as n from erp_invoice_row"
                        + " group by extraction_id, row_number"))
                        .allSatisfy(r -> assertThat(r.get("n")).isEqualTo(1L));
                assertThat(pipeline.query("select event from job_event where event = 'delivered:sql'")).hasSize(1);
                assertThat(erp.processed()).hasSize(1);
                assertThat(erp.received).extracting(WebhookReceiver.Received::deliveryId).containsOnly(erp.processed().get(0).deliveryId());
                assertThat(erp.received).filteredOn(r -> r.status() == 200).hasSize(1);
                Map<String, String> steps = steps(pipeline);
                assertThat(steps).containsEntry("sql", "DELIVERED/1").containsOnlyKeys("sql", "webhook", "sftp:results.csv",
                        "sftp:extraction.json");
                assertThat(steps.values()).allMatch(s -> s.startsWith("DELIVERED/"));
                // paid work is never quarantined: no original and no report in errors/, all archived
                assertThat(PipelineHarness.files(work.resolve("errors"))).isEmpty();
                assertThat(PipelineHarness.files(work.resolve("archive"))).hasSize(samples.size());
            }
        }
    }

    /** target -> "STATE/attempts". */
    private static Map<String, String> steps(PipelineHarness pipeline) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> r : pipeline.query("select target, state, attempts from delivery_step")) {
            out.put((String) r.get("target"), r.get("state") + "/" + r.get("attempts"));
        }
        return out;
    }

    private static int attempts(PipelineHarness pipeline, String target) throws Exception {
        List<Map<String, Object>> rows = pipeline.query("select attempts from delivery_step where state = 'FAILED' and target = '"
                + target + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("attempts")).intValue();
    }

    private static long erpRowCount(PipelineHarness pipeline, String extractionId) throws Exception {
        return (Long) pipeline.query("select count(*) as n from erp_invoice_row where extraction_id = '" + extractionId + "'")
                .get(0).get("n");
    }
}
