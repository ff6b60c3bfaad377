package io.invoiceroutes.deliver;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery configuration, start-up checks, signatures and value mapping, without a Camel context. */
class DeliveryConfigTest {
    private static final DeliveryChannels.Settings NONE = new DeliveryChannels.Settings("", "", "", "", "", "", "", "");

    @Test
    void signature_is_the_hmac_sha256_of_timestamp_delivery_id_and_body() throws Exception {
        byte[] body = "{\"rows\":[]}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("Jefe".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("1700000000.d-1.{\"rows\":[]}".getBytes(StandardCharsets.UTF_8)));

        WebhookSigner signer = new WebhookSigner("Jefe");
        assertThat(signer.sign(1700000000L, "d-1", body)).isEqualTo("t=1700000000,v1=" + expected);
        // another time or another delivery id gives another signature over the same body
        assertThat(signer.sign(1700000001L, "d-1", body)).isNotEqualTo(signer.sign(1700000000L, "d-1", body));
        assertThat(signer.sign(1700000000L, "d-2", body)).isNotEqualTo(signer.sign(1700000000L, "d-1", body));
        assertThat(signer.toString()).doesNotContain("Jefe");
    }

    @Test
    void nothing_is_signed_without_a_secret() {
        assertThatThrownBy(() -> new WebhookSigner("").sign("d-1", new byte[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknown_channel_or_json_less_formats_fail_the_start() {
        assertThat(new DeliveryChannels("", "json", NONE).list()).isEmpty();
        assertThat(new DeliveryChannels(" SQL , sql", "json,csv", NONE).list()).containsExactly("sql");
        assertThatThrownBy(() -> new DeliveryChannels("ftp", "json", NONE)).hasMessageContaining("unknown channel 'ftp'");
        assertThatThrownBy(() -> new DeliveryChannels("sql", "csv,xlsx", NONE)).hasMessageContaining("add json");
    }

    @Test
    void a_webhook_without_url_or_secret_fails_the_start_naming_the_setting() {
        assertThatThrownBy(() -> new DeliveryChannels("webhook", "json", webhook("", "s3cret")))
                .hasMessageContaining("invoice.deliver.webhook.url (INVOICE_DELIVER_WEBHOOK_URL) is not set");
        assertThatThrownBy(() -> new DeliveryChannels("webhook", "json", webhook("ftp://erp.example/in", "s3cret")))
                .hasMessageContaining("invoice.deliver.webhook.url").hasMessageContaining("http");
        assertThatThrownBy(() -> new DeliveryChannels("webhook", "json", webhook("https://erp.example/in", " ")))
                .hasMessageContaining("invoice.deliver.webhook.secret (INVOICE_DELIVER_WEBHOOK_SECRET) is not set");
        assertThat(new DeliveryChannels("webhook", "json", webhook("https://erp.example/in", "s3cret")).list())
                .containsExactly("webhook");
    }

    @Test
    void an_sftp_channel_without_host_login_or_known_file_fails_the_start_naming_the_setting() {
        assertThatThrownBy(() -> new DeliveryChannels("sftp", "csv", sftp("", "erp", "pw", "results.csv")))
                .hasMessageContaining("invoice.deliver.sftp.host (INVOICE_DELIVER_SFTP_HOST) is not set");
        assertThatThrownBy(() -> new DeliveryChannels("sftp", "csv", sftp("h", "", "pw", "results.csv")))
                .hasMessageContaining("invoice.deliver.sftp.username");
        assertThatThrownBy(() -> new DeliveryChannels("sftp", "csv", sftp("h", "erp", "", "results.csv")))
                .hasMessageContaining("invoice.deliver.sftp.password").hasMessageContaining("private-key-file");
        assertThatThrownBy(() -> new DeliveryChannels("sftp", "csv", sftp("h", "erp", "pw", "results.xlsx")))
                .hasMessageContaining("invoice.deliver.sftp.files").hasMessageContaining("results.xlsx");
        assertThat(new DeliveryChannels("sftp", "csv", sftp("h", "erp", "pw", "results.csv,extraction.json")).targets(0))
                .containsExactly("sftp:results.csv", "sftp:extraction.json");
    }

    @Test
    void each_batch_and_target_has_one_delivery_id_that_never_changes() {
        DeliveryChannels channels = new DeliveryChannels("sql,webhook", "json", new DeliveryChannels.Settings(
                "https://erp.example/in", "s3cret", "", "", "", "", "", "file:/srv/review"));
        assertThat(channels.targets(0)).containsExactly("sql", "webhook");
        assertThat(channels.targets(2)).containsExactly("review", "sql", "webhook");
        String id = channels.deliveryId("b-1", "webhook");
        assertThat(channels.deliveryId("b-1", "webhook")).isEqualTo(id);
        assertThat(List.of(channels.deliveryId("b-2", "webhook"), channels.deliveryId("b-1", "sql"))).doesNotContain(id);
        assertThat(id).doesNotContain(".");
    }

    @Test
    void a_round_skips_finished_targets_and_fails_naming_what_is_left() {
        DeliveryChannels channels = new DeliveryChannels("sql,sftp", "json,csv", sftp("h", "erp", "pw", "results.csv,results.json"));
        DeliveryRound round = channels.round(channels.targets(0), List.of("sql"));
        assertThat(round.pending()).containsExactly("sftp:results.csv", "sftp:results.json");
        assertThat(channels.shouldTry(round, "sftp:results.csv")).isTrue();
        channels.failed(round, "sftp:results.csv", new java.io.IOException("Connection refused"));
        // the channel is down for this round: its next file waits instead of failing again
        assertThat(channels.shouldTry(round, "sftp:results.json")).isFalse();
        assertThatThrownBy(() -> channels.finish(round)).isInstanceOf(ChannelsNotDeliveredException.class)
                .hasMessageContaining("sftp:results.csv").hasMessageContaining("Connection refused");
        channels.finish(channels.round(channels.targets(0), List.of("sql", "sftp:results.csv", "sftp:results.json")));
    }

    @Test
    void webhook_answers_tell_delivered_refused_and_unavailable_apart() throws Exception {
        WebhookAnswers answers = new WebhookAnswers();
        answers.check(204, null);
        answers.check(200, new java.io.ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> answers.check(422, new java.io.ByteArrayInputStream("bad total".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DeliveryRefusedException.class).hasMessageContaining("422").hasMessageContaining("bad total");
        for (int status : new int[]{500, 503, 429, 408, 401, 404}) {
            assertThatThrownBy(() -> answers.check(status, null)).as("HTTP %d", status)
                    .isInstanceOf(ChannelUnavailableException.class);
        }
    }

    @Test
    void column_mapping_accepts_only_table_columns_and_types_the_values() {
        assertThatThrownBy(() -> new ErpColumns("Total=total_amount; drop table batch"))
                .isInstanceOf(IllegalArgumentException.class);
        ErpColumns columns = new ErpColumns("Date=invoice_date,Gross=total_amount,No=invoice_number");
        Map<String, Object> row = new HashMap<>(Map.of("Date", "2024-03-05", "Gross", 1234.5, "No", 42));
        assertThat(columns.values(row)).containsEntry("invoice_date", Date.valueOf("2024-03-05"))
                .containsEntry("total_amount", new BigDecimal("1234.50")).containsEntry("invoice_number", "42");
        assertThat(columns.problem(row)).isNull();
        row.put("Date", "05/03/2024");
        assertThat(columns.values(row)).containsEntry("invoice_date", null);
        assertThat(columns.problem(row)).as("a date in another format stays null, raw_row keeps it").isNull();
        row.put("Gross", "n/a");
        assertThat(columns.problem(row)).contains("'Gross' is not a number").contains("total_amount");
    }

    private static DeliveryChannels.Settings webhook(String url, String secret) {
        return new DeliveryChannels.Settings(url, secret, "", "", "", "", "", "");
    }

    private static DeliveryChannels.Settings sftp(String host, String user, String password, String files) {
        return new DeliveryChannels.Settings("", "", host, user, password, "", files, "");
    }
}
