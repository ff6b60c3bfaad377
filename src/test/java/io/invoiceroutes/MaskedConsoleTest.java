package io.invoiceroutes;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What the process writes to its console and log file never holds a secret, however it is written. */
class MaskedConsoleTest {

    @Test
    void secrets_are_the_values_of_key_secret_password_passphrase_and_token_settings() {
        Properties props = new Properties();
        props.setProperty("invoice.deliver.sql.password", "from-file-pw");
        props.setProperty("invoice.api.sdk-name", "camel-routes");
        Map<String, String> env = Map.of("INVOICE_API_KEY", "sk_live_123456", "INVOICE_DELIVER_WEBHOOK_SECRET", "whsec_abc",
                "INVOICE_SFTP_PRIVATE_KEY_FILE", "/etc/keys/id_ed25519", "INVOICE_MAIL_PASSWORD", "pw",
                "INVOICE_SFTP_PRIVATE_KEY_PASSPHRASE", "open sesame", "HOME", "/root");
        List<String> secrets = MaskedConsole.secrets(props, env).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(secrets).containsExactlyInAnyOrder("sk_live_123456", "whsec_abc", "open sesame", "from-file-pw");
    }

    @Test
    void a_secret_is_masked_even_when_written_byte_by_byte_or_inside_a_huge_line() {
        List<byte[]> secrets = List.of("sk_live_123456".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = MaskedConsole.masked(sink, secrets);
        for (char c : "http-outgoing-0 >> \"Authorization: Bearer sk_live_123456[\\r][\\n]\"\n".toCharArray()) {
            out.print(c);
        }
        out.println("key=sk_live_123456 and again sk_live_123456");
        // a line longer than what is held at once: the secret sits across the point where it is cut
        String filler = "x".repeat(1024 * 1024 - 5);
        out.print(filler + "sk_live_123456 tail");
        out.println();
        out.close();
        String written = sink.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("sk_live").contains("Bearer ******[\\r]").contains("key=****** and again ******")
                .contains("****** tail");
        assertThat(written.length()).isGreaterThan(filler.length());
    }
}
