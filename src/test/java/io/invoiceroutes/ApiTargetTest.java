package io.invoiceroutes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTargetTest {
    private static final String REAL = "https://api.invoicedataextraction.com/v1";

    @TempDir
    Path dir;

    private Path properties(String... lines) throws IOException {
        return Files.write(dir.resolve("application.properties"), java.util.List.of(lines));
    }

    private Path shippedDefaults() throws IOException {
        return properties(
                "invoice.api.base-url =",
                "invoice.api.key =",
                "invoice.api.default-base-url = " + REAL);
    }

    @Test
    void no_key_means_the_sandbox() throws IOException {
        ApiTarget target = ApiTarget.resolve(shippedDefaults(), Map.of());

        assertThat(target.sandbox()).isTrue();
        assertThat(target.baseUrl()).isNull();
        assertThat(target.keyPresent()).isFalse();
    }

    @Test
    void no_properties_file_and_no_environment_means_the_sandbox() throws IOException {
        ApiTarget target = ApiTarget.resolve(dir.resolve("missing.properties"), Map.of());

        assertThat(target.sandbox()).isTrue();
    }

    @Test
    void explicit_sandbox_means_the_sandbox_even_with_a_key() throws IOException {
        ApiTarget target = ApiTarget.resolve(shippedDefaults(),
                Map.of("INVOICE_API_KEY", "live-key", "INVOICE_API_BASE_URL", "Sandbox"));

        assertThat(target.sandbox()).isTrue();
        assertThat(target.baseUrl()).isNull();
        assertThat(target.keyPresent()).isTrue();
    }

    @Test
    void a_key_without_a_base_url_means_the_default_real_api() throws IOException {
        ApiTarget target = ApiTarget.resolve(shippedDefaults(), Map.of("INVOICE_API_KEY", "live-key"));

        assertThat(target).isEqualTo(new ApiTarget(REAL, false, true));
    }

    @Test
    void a_key_without_any_configured_url_still_means_the_default_real_api() throws IOException {
        ApiTarget target = ApiTarget.resolve(dir.resolve("missing.properties"), Map.of("INVOICE_API_KEY", "live-key"));

        assertThat(target).isEqualTo(new ApiTarget(REAL, false, true));
    }

    @Test
    void no_key_with_an_erp_channel_on_is_refused_naming_why_unless_the_sandbox_is_explicit() throws IOException {
        Path file = shippedDefaults();

        assertThatThrownBy(() -> ApiTarget.resolve(file, Map.of("INVOICE_DELIVER_CHANNELS", "sql")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INVOICE_API_KEY is not set")
                .hasMessageContaining("INVOICE_DELIVER_CHANNELS=sql")
                .hasMessageContaining("made-up rows")
                .hasMessageContaining("INVOICE_API_BASE_URL=sandbox");
        Path inFile = properties("invoice.deliver.channels = webhook");
        assertThatThrownBy(() -> ApiTarget.resolve(inFile, Map.of())).hasMessageContaining("INVOICE_DELIVER_CHANNELS=webhook");
        // chosen on purpose, or with a key, it starts
        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_DELIVER_CHANNELS", "sql", "INVOICE_API_BASE_URL", "sandbox")).sandbox())
                .isTrue();
        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_DELIVER_CHANNELS", "sql", "INVOICE_API_KEY", "k")).sandbox())
                .isFalse();
        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_DELIVER_CHANNELS", " ")).sandbox()).isTrue();
    }

    @Test
    void a_base_url_without_a_key_is_refused_naming_the_key_variable() throws IOException {
        Path file = shippedDefaults();

        assertThatThrownBy(() -> ApiTarget.resolve(file, Map.of("INVOICE_API_BASE_URL", "https://staging.example/v1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INVOICE_API_KEY")
                .hasMessageContaining("https://staging.example/v1")
                .hasMessageContaining("sandbox");
    }

    @Test
    void an_explicit_base_url_with_a_key_is_used() throws IOException {
        ApiTarget target = ApiTarget.resolve(shippedDefaults(),
                Map.of("INVOICE_API_KEY", "k", "INVOICE_API_BASE_URL", "https://staging.example/v1"));

        assertThat(target).isEqualTo(new ApiTarget("https://staging.example/v1", false, true));
    }

    @Test
    void the_properties_file_alone_can_select_the_real_api() throws IOException {
        Path file = properties(
                "invoice.api.key = file-key",
                "invoice.api.base-url = https://file.example/v1/");

        assertThat(ApiTarget.resolve(file, Map.of())).isEqualTo(new ApiTarget("https://file.example/v1", false, true));
    }

    @Test
    void the_environment_overrides_the_file() throws IOException {
        Path file = properties(
                "invoice.api.key = file-key",
                "invoice.api.base-url = https://file.example/v1",
                "invoice.api.default-base-url = " + REAL);

        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_API_BASE_URL", "https://env.example/v2")).baseUrl())
                .isEqualTo("https://env.example/v2");
        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_API_BASE_URL", "sandbox")).sandbox()).isTrue();
        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_API_DEFAULT_BASE_URL", "https://other.example")).baseUrl())
                .isEqualTo("https://file.example/v1");
    }

    @Test
    void an_empty_environment_value_overrides_a_key_in_the_file() throws IOException {
        Path file = properties("invoice.api.key = file-key");

        assertThat(ApiTarget.resolve(file, Map.of("INVOICE_API_KEY", "  ")).sandbox()).isTrue();
    }

    @Test
    void a_trailing_slash_is_trimmed() throws IOException {
        ApiTarget target = ApiTarget.resolve(shippedDefaults(),
                Map.of("INVOICE_API_KEY", "k", "INVOICE_API_BASE_URL", "  https://staging.example/v1/  "));

        assertThat(target.baseUrl()).isEqualTo("https://staging.example/v1");
    }

    @Test
    void the_shipped_configuration_points_at_the_contract_server() throws IOException {
        Path shipped = Path.of("config/application.properties");
        if (Files.isRegularFile(shipped)) {
            assertThat(ApiTarget.resolve(shipped, Map.of("INVOICE_API_KEY", "k")).baseUrl()).isEqualTo(REAL);
            assertThat(ApiTarget.resolve(shipped, Map.of()).sandbox()).isTrue();
        }
    }

    @Test
    void setting_names_map_to_environment_variables() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("invoice.api.default-base-url", " from-file ");

        assertThat(ApiTarget.setting("invoice.api.default-base-url", props, Map.of())).isEqualTo("from-file");
        assertThat(ApiTarget.setting("invoice.api.default-base-url", props,
                Map.of("INVOICE_API_DEFAULT_BASE_URL", "from-env"))).isEqualTo("from-env");
        assertThat(ApiTarget.setting("invoice.api.key", props, Map.of())).isEmpty();
    }
}
