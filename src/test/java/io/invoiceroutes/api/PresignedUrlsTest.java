package io.invoiceroutes.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Presigned storage URLs are checked before anything is sent: the API's scheme, and never an internal address. */
class PresignedUrlsTest {
    /** A public API host (TEST-NET-3, written as an address so no name is looked up). */
    private static final PresignedUrls REAL = new PresignedUrls("https://203.0.113.10/v1");
    private static final PresignedUrls SANDBOX = new PresignedUrls("http://127.0.0.1:41234/v1");

    @Test
    void a_part_url_at_the_cloud_metadata_address_is_refused_whatever_the_api() {
        for (PresignedUrls urls : new PresignedUrls[]{REAL, SANDBOX}) {
            String scheme = urls == REAL ? "https" : "http";
            assertThatThrownBy(() -> urls.check(scheme + "://169.254.169.254/latest/meta-data/iam?X-Sig=abc"))
                    .isInstanceOf(BatchRefusedException.class)
                    .hasMessageContaining("169.254.169.254").hasMessageContaining("link-local")
                    .hasMessageNotContaining("X-Sig")
                    .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo("UNSAFE_STORAGE_URL"));
            assertThatThrownBy(() -> urls.check(scheme + "://[::ffff:169.254.169.254]/x")).isInstanceOf(BatchRefusedException.class);
            assertThatThrownBy(() -> urls.check(scheme + "://0.0.0.0:8080/x")).isInstanceOf(BatchRefusedException.class);
        }
    }

    @Test
    void this_machine_and_private_networks_are_refused_unless_the_api_is_on_loopback() {
        for (String url : new String[]{"https://127.0.0.1/p", "https://localhost/p", "https://10.1.2.3/p", "https://192.168.0.9/p",
                "https://172.16.5.5/p", "https://[fd00::1]/p", "https://[::1]/p"}) {
            assertThatThrownBy(() -> REAL.check(url)).as(url).isInstanceOf(BatchRefusedException.class);
        }
        assertThat(SANDBOX.check("http://127.0.0.1:41234/storage/parts/1?sig=x")).isEqualTo("http://127.0.0.1:41234/storage/parts/1?sig=x");
    }

    @Test
    void another_scheme_or_credentials_in_the_url_are_refused_and_a_public_https_url_passes() {
        assertThatThrownBy(() -> REAL.check("http://198.51.100.7/p")).hasMessageContaining("scheme is http");
        assertThatThrownBy(() -> REAL.check("https://user:pw@198.51.100.7/p")).hasMessageContaining("credentials");
        assertThat(REAL.check("https://198.51.100.7/bucket/part-1?X-Amz-Signature=abc"))
                .isEqualTo("https://198.51.100.7/bucket/part-1?X-Amz-Signature=abc");
    }
}
