package io.invoiceroutes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagementPortTest {
    private static final Path SHIPPED = Path.of("config/application.properties");

    @Test
    void the_shipped_settings_ask_for_7461_on_loopback_as_a_default_and_the_variable_makes_it_a_choice() throws Exception {
        assertThat(ManagementPort.wanted(SHIPPED, Map.of())).isEqualTo(new ManagementPort.Wanted("127.0.0.1", 7461, false));
        assertThat(ManagementPort.wanted(SHIPPED, Map.of("CAMEL_MANAGEMENT_PORT", "9000")))
                .isEqualTo(new ManagementPort.Wanted("127.0.0.1", 9000, true));
        assertThat(ManagementPort.wanted(SHIPPED, Map.of("CAMEL_MANAGEMENT_PORT", "0"))).isNull();
        assertThat(ManagementPort.wanted(SHIPPED, Map.of("CAMEL_MANAGEMENT_ENABLED", "false"))).isNull();
    }

    @Test
    void a_number_written_in_the_properties_file_is_a_choice(@TempDir Path dir) throws Exception {
        Path props = Files.writeString(dir.resolve("app.properties"),
                "camel.management.enabled = true\ncamel.management.port = 9100\ncamel.management.host = 127.0.0.1\n");
        assertThat(ManagementPort.wanted(props, Map.of())).isEqualTo(new ManagementPort.Wanted("127.0.0.1", 9100, true));
    }

    @Test
    void a_taken_default_port_falls_back_to_a_free_one_and_a_taken_chosen_port_is_refused_with_what_to_do() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int taken = other.getLocalPort();

            int instead = ManagementPort.choose(new ManagementPort.Wanted("127.0.0.1", taken, false));
            assertThat(instead).isPositive().isNotEqualTo(taken);
            try (ServerSocket bindable = new ServerSocket()) {
                bindable.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), instead));
            }
            assertThatThrownBy(() -> ManagementPort.choose(new ManagementPort.Wanted("127.0.0.1", taken, true)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken).hasMessageContaining("choose a free port");
        }
    }

    @Test
    void a_free_port_is_kept() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            free = probe.getLocalPort();
        }
        assertThat(ManagementPort.choose(new ManagementPort.Wanted("127.0.0.1", free, false))).isEqualTo(free);
    }
}
