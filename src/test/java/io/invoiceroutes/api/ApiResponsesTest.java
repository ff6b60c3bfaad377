package io.invoiceroutes.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ApiResponsesTest {
    private final ApiResponses responses = new ApiResponses();

    private static final String RATE_LIMITED = """
            {"success": false, "error": {"code": "RATE_LIMITED", "message": "Too many requests",
             "retryable": true, "details": {"retry_after_seconds": 7, "limit": 600}}}""";

    private ApiException checkFails(int status, String body, String retryAfter) {
        return catchThrowableOfType(ApiException.class, () -> responses.check(status, body, retryAfter));
    }

    private static InputStream in(String body) {
        return body == null ? null : new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void check_returns_the_parsed_map_on_2xx() {
        Map<String, Object> json = responses.check(200,
                "{\"success\": true, \"files\": [{\"file_id\": \"f1\", \"part_size\": 8388608}]}", null);

        assertThat(json).containsEntry("success", true);
        assertThat(json.get("files")).isInstanceOf(List.class);
        assertThat(json.keySet()).containsExactly("success", "files");
    }

    @Test
    void check_accepts_every_2xx_status() {
        assertThat(responses.check(202, "{\"success\": true, \"extraction_id\": \"x\"}", null))
                .containsEntry("extraction_id", "x");
        assertThat(responses.check(299, "{}", null)).isEmpty();
    }

    @Test
    void check_throws_an_api_exception_with_the_envelope_fields() {
        ApiException e = checkFails(400, """
                {"success": false, "error": {"code": "DUPLICATE_FILE_NAME", "message": "Two files are named a.pdf",
                 "retryable": false, "details": {"file_name": "a.pdf"}}}""", null);

        assertThat(e.getHttpStatus()).isEqualTo(400);
        assertThat(e.getCode()).isEqualTo("DUPLICATE_FILE_NAME");
        assertThat(e.getApiMessage()).isEqualTo("Two files are named a.pdf");
        assertThat(e.getMessage()).isEqualTo("DUPLICATE_FILE_NAME: Two files are named a.pdf");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getDetails()).containsExactly(Map.entry("file_name", "a.pdf"));
        assertThat(e.getRetryAfterSeconds()).isNull();
        assertThat(e.getErrorClass()).isEqualTo(ErrorClass.REJECTED);
    }

    @Test
    void check_reads_a_retryable_envelope() {
        ApiException e = checkFails(500, """
                {"success": false, "error": {"code": "INTERNAL_ERROR", "message": "oops", "retryable": true,
                 "details": null}}""", null);

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getDetails()).isEmpty();
    }

    @Test
    void check_honours_the_retry_after_header() {
        ApiException e = checkFails(429, "{\"error\": {\"code\": \"RATE_LIMITED\", \"message\": \"slow\", \"retryable\": true, \"details\": {}}}", "12");

        assertThat(e.getCode()).isEqualTo("RATE_LIMITED");
        assertThat(e.getRetryAfterSeconds()).isEqualTo(12L);
        assertThat(e).isInstanceOf(TransientApiException.class);
    }

    @Test
    void check_honours_details_retry_after_seconds_without_a_header() {
        ApiException e = checkFails(429, RATE_LIMITED, null);

        assertThat(e.getRetryAfterSeconds()).isEqualTo(7L);
        assertThat(e.getDetails()).containsEntry("retry_after_seconds", 7).containsEntry("limit", 600);
    }

    @Test
    void retry_after_header_wins_over_details() {
        assertThat(checkFails(429, RATE_LIMITED, " 3 ").getRetryAfterSeconds()).isEqualTo(3L);
    }

    @Test
    void an_unparseable_retry_after_header_falls_back_to_details() {
        assertThat(checkFails(429, RATE_LIMITED, "Wed, 21 Oct 2015 07:28:00 GMT").getRetryAfterSeconds()).isEqualTo(7L);
        assertThat(checkFails(429, RATE_LIMITED, "  ").getRetryAfterSeconds()).isEqualTo(7L);
    }

    @Test
    void a_negative_retry_after_header_means_no_wait() {
        assertThat(checkFails(429, RATE_LIMITED, "-4").getRetryAfterSeconds()).isZero();
    }

    @Test
    void an_envelope_without_a_retryable_flag_is_not_retryable() {
        ApiException e = checkFails(401, "{\"error\": {\"code\": \"UNAUTHENTICATED\", \"message\": \"no key\"}}", null);

        assertThat(e.getCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getDetails()).isEmpty();
    }

    @Test
    void a_non_json_502_is_a_retryable_internal_error() {
        ApiException e = checkFails(502, "<html><body>Bad Gateway</body></html>", null);

        assertThat(e.getHttpStatus()).isEqualTo(502);
        assertThat(e.getCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getApiMessage()).contains("HTTP 502");
        assertThat(e.getDetails()).isEmpty();
    }

    @Test
    void a_non_json_502_keeps_its_retry_after_header() {
        assertThat(checkFails(503, "", "30").getRetryAfterSeconds()).isEqualTo(30L);
    }

    @Test
    void a_non_json_404_is_not_retryable() {
        ApiException e = checkFails(404, "Not Found", null);

        assertThat(e.getCode()).isEqualTo("UNEXPECTED_RESPONSE");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getErrorClass()).isEqualTo(ErrorClass.FAILED);
    }

    @Test
    void a_non_json_429_is_retryable_and_rate_limited() {
        ApiException e = checkFails(429, null, "5");

        assertThat(e.getCode()).isEqualTo("RATE_LIMITED");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getRetryAfterSeconds()).isEqualTo(5L);
    }

    @Test
    void json_without_an_error_object_on_an_error_status_is_treated_as_no_envelope() {
        ApiException e = checkFails(500, "{\"message\": \"upstream timeout\"}", null);

        assertThat(e.getCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(e.isRetryable()).isTrue();
    }

    /** A proxy or a captive portal answering 200 with HTML: the API did not answer, so it is tried again later. */
    @Test
    void a_2xx_without_a_json_object_is_refused_as_transient() {
        ApiException e = checkFails(200, "OK", null);

        assertThat(e.getCode()).isEqualTo("UNEXPECTED_RESPONSE");
        assertThat(e).isInstanceOf(TransientApiException.class);
        assertThat(checkFails(200, "[1, 2]", null).getCode()).isEqualTo("UNEXPECTED_RESPONSE");
    }

    @Test
    void storage_etag_returns_the_etag_of_a_200() throws Exception {
        assertThat(responses.storageETag(200, "\"9b2cf535f27731c974343645a3985328\"", in("")))
                .isEqualTo("\"9b2cf535f27731c974343645a3985328\"");
    }

    @Test
    void storage_etag_refuses_a_200_without_an_etag() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> responses.storageETag(200, " ", in("")));

        assertThat(e.getCode()).isEqualTo("STORAGE_ERROR");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void storage_403_is_a_refused_url_that_is_not_retryable() {
        String body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";

        ApiException e = catchThrowableOfType(ApiException.class, () -> responses.storageETag(403, null, in(body)));

        assertThat(e.getCode()).isEqualTo(ApiResponses.STORAGE_URL_REFUSED).isEqualTo("STORAGE_URL_REFUSED");
        assertThat(e.getHttpStatus()).isEqualTo(403);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getApiMessage()).contains("part upload").contains("Request has expired");
    }

    @Test
    void storage_503_is_retryable() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> responses.storageETag(503, null, in("Slow Down")));

        assertThat(e.getCode()).isEqualTo("INTERNAL_ERROR");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getApiMessage()).contains("HTTP 503").contains("Slow Down");
    }

    @Test
    void storage_400_is_a_storage_error_that_is_not_retryable() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> responses.storageETag(400, null, in(null)));

        assertThat(e.getCode()).isEqualTo("STORAGE_ERROR");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void storage_failure_message_keeps_at_most_200_characters_of_the_body() {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> responses.storageETag(500, null, in("  " + "x".repeat(1000) + "  ")));

        assertThat(e.getApiMessage()).endsWith(": " + "x".repeat(200));
    }

    @Test
    void storage_download_hands_over_the_stream_of_a_200_unread() throws Exception {
        InputStream body = in("the file");

        assertThat(responses.storageDownload(200, body)).isSameAs(body);
        assertThat(body.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("the file");
    }

    @Test
    void storage_download_refusals_become_typed_exceptions() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> responses.storageDownload(403, in("expired")));
        ApiException outage = catchThrowableOfType(ApiException.class, () -> responses.storageDownload(500, null));

        assertThat(refused).isInstanceOf(StorageUrlRefusedException.class);
        assertThat(refused.getApiMessage()).contains("download").contains("expired");
        assertThat(refused.isRetryable()).isFalse();
        assertThat(outage).isInstanceOf(TransientApiException.class);
        assertThat(outage.getCode()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void an_answer_longer_than_the_cap_is_refused_unread_as_a_transient_failure() {
        ApiResponses capped = new ApiResponses(64);
        String big = "{\"success\": true, \"x\": \"" + "y".repeat(100) + "\"}";

        ApiException e = catchThrowableOfType(ApiException.class, () -> capped.read(200, in(big), null));

        assertThat(e).isInstanceOf(TransientApiException.class);
        assertThat(e.getCode()).isEqualTo("ANSWER_TOO_LARGE");
        assertThat(e.getApiMessage()).contains("64 bytes");
    }

    @Test
    void an_answer_within_the_cap_is_read_and_checked() throws Exception {
        assertThat(new ApiResponses(64).read(200, in("{\"success\": true}"), null)).containsEntry("success", true);
    }

    @Test
    void an_endless_answer_is_read_no_further_than_the_cap() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }
        };

        catchThrowableOfType(ApiException.class, () -> new ApiResponses(1024).read(200, endless, null));

        assertThat(served[0]).isLessThanOrEqualTo(1025);
    }

    @Test
    void output_url_reads_the_format_url_of_the_output() {
        Map<String, Object> status = responses.parseObject("""
                {"status": "completed", "output": {"xlsx_url": "https://o/x.xlsx", "json_url": "https://o/x.json",
                 "csv_url": null}}""");

        assertThat(responses.outputUrl(status, "xlsx")).isEqualTo("https://o/x.xlsx");
        assertThat(responses.outputUrl(status, " json ")).isEqualTo("https://o/x.json");
        assertThat(responses.outputUrl(status, "csv")).isNull();
        assertThat(responses.outputUrl(status, "pdf")).isNull();
        assertThat(responses.outputUrl(Map.of("status", "completed"), "xlsx")).isNull();
    }

    @Test
    void parse_object_reads_a_json_object_in_order() {
        assertThat(responses.parseObject("{\"b\": 1, \"a\": {\"c\": [true]}}").keySet()).containsExactly("b", "a");
    }

    @Test
    void parse_object_refuses_what_is_not_a_json_object() {
        assertThatThrownBy(() -> responses.parseObject(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> responses.parseObject("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 chars");
        assertThatThrownBy(() -> responses.parseObject("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> responses.parseObject("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
