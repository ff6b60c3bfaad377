package io.invoiceroutes.deliver;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery configuration and value mapping, without a Camel context. */
class DeliveryConfigTest {

    @Test
    void signature_is_the_rfc_4231_hmac_sha256_of_the_body() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        assertThat(new WebhookSigner("Jefe").sign(body))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(new WebhookSigner("Jefe").toString()).doesNotContain("Jefe");
    }

    @Test
    void nothing_is_signed_without_a_secret() {
        assertThatThrownBy(() -> new WebhookSigner("").sign(new byte[0])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknown_channel_or_json_less_formats_fail_the_start() {
        assertThat(new DeliveryChannels("", "json").list()).isEmpty();
        assertThat(new DeliveryChannels(" SQL , webhook,sql", "json,csv").list()).containsExactly("sql", "webhook");
        assertThatThrownBy(() -> new DeliveryChannels("ftp", "json")).hasMessageContaining("unknown channel 'ftp'");
        assertThatThrownBy(() -> new DeliveryChannels("sql", "csv,xlsx")).hasMessageContaining("add json");
        assertThat(new DeliveryChannels("sftp", "csv").list()).containsExactly("sftp");
    }

    @Test
    void column_mapping_accepts_only_table_columns_and_types_the_values() {
        assertThatThrownBy(() -> new ErpColumns("Total=total_amount; drop table batch"))
                .isInstanceOf(IllegalArgumentException.class);
        ErpColumns columns = new ErpColumns("Date=invoice_date,Gross=total_amount,No=invoice_number");
        Map<String, Object> row = new HashMap<>(Map.of("Date", "2024-03-05", "Gross", 1234.5, "No", 42));
        assertThat(columns.values(row)).containsEntry("invoice_date", Date.valueOf("2024-03-05"))
                .containsEntry("total_amount", new BigDecimal("1234.50")).containsEntry("invoice_number", "42");
        row.put("Date", "05/03/2024");
        row.put("Gross", "n/a");
        assertThat(columns.values(row)).containsEntry("invoice_date", null).containsEntry("total_amount", null);
    }
}
