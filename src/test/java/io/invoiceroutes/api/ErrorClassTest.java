package io.invoiceroutes.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassTest {

    /** The values of a top-level enum schema in the contract, read line by line. */
    static List<String> contractEnum(String schema) throws IOException {
        String contract = "/contract/openapi.yaml";
        List<String> lines;
        try (java.io.InputStream in = ErrorClassTest.class.getResourceAsStream(contract)) {
            assertThat(in).as("the vendored contract on the test classpath").isNotNull();
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        int start = lines.indexOf("    " + schema + ":");
        assertThat(start).as("schema %s in %s", schema, contract).isNotNegative();
        List<String> values = new ArrayList<>();
        boolean inEnum = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("    ") && !line.startsWith("     ") && !line.isBlank()) {
                break; // next schema
            }
            if (line.equals("      enum:")) {
                inEnum = true;
            } else if (inEnum && line.startsWith("        - ")) {
                values.add(line.substring("        - ".length()).trim());
            } else if (inEnum && !line.isBlank()) {
                break;
            }
        }
        return values;
    }

    /** Fails when the contract gains an error code nobody decided a class (or a deliberate FAILED) for. */
    @Test
    void every_contract_error_code_is_handled_on_purpose() throws IOException {
        List<String> codes = contractEnum("ErrorCode");

        assertThat(codes).hasSizeGreaterThan(20).contains("RATE_LIMITED", "INSUFFICIENT_CREDITS");
        assertThat(codes).as("codes with no decided class").allMatch(ErrorClass::isKnown);
        assertThat(ErrorClass.isKnown("A_CODE_THE_CONTRACT_MIGHT_ADD")).isFalse();
    }

    @Test
    void every_contract_extraction_failure_code_is_handled_on_purpose() throws IOException {
        List<String> codes = contractEnum("ExtractionFailureCode");

        assertThat(codes).hasSizeGreaterThan(10).contains("ENCRYPTED_FILE", "PROMPT_UNCLEAR");
        assertThat(codes).as("codes with no decided class").allMatch(ErrorClass::isKnown);
    }

    @Test
    void every_extraction_failure_that_needs_a_change_first_has_a_specific_class() throws IOException {
        // the contract lists these as needing a change before resubmitting; each has its own class and folder
        for (String code : contractEnum("ExtractionFailureCode")) {
            boolean retryableByContract = List.of("CONCURRENT_TASK_LIMIT", "SUBMISSION_STALLED", "INTERNAL_ERROR")
                    .contains(code);
            if (retryableByContract) {
                assertThat(ErrorClass.forCode(code)).as(code).isEqualTo(ErrorClass.FAILED);
            } else {
                assertThat(ErrorClass.forCode(code)).as(code).isNotEqualTo(ErrorClass.FAILED);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "INSUFFICIENT_CREDITS, CREDITS",
            "ENCRYPTED_FILE, ENCRYPTED",
            "NO_PAGES_FOUND, ENCRYPTED",
            "UNREADABLE_FILE, ENCRYPTED",
            "RATE_LIMITED, FAILED",
            "DUPLICATE_CONTENT, REJECTED",
            "PROMPT_UNCLEAR, PROMPT",
            "PROMPT_REJECTED, PROMPT",
            "QUESTIONS_UNANSWERED, PROMPT",
            "INVALID_COMPLETION_PARTS, REJECTED",
            "OBJECT_SIZE_MISMATCH, REJECTED",
            "DUPLICATE_FILE_NAME, REJECTED",
            "FILE_TOO_LARGE, REJECTED",
            "UNSUPPORTED_FILE, REJECTED",
            "FILE_PAGE_LIMIT_EXCEEDED, REJECTED",
            "VALIDATION_FAILED, REJECTED",
            "INTERNAL_ERROR, FAILED",
            "UNAUTHENTICATED, FAILED",
            "CONCURRENT_TASK_LIMIT, FAILED",
            "STORAGE_URL_REFUSED, FAILED",
            "SOMETHING_NEW, FAILED",
    })
    void maps_codes_to_their_class(String code, ErrorClass expected) {
        assertThat(ErrorClass.forCode(code)).isEqualTo(expected);
    }

    @Test
    void unknown_and_null_codes_are_failed() {
        assertThat(ErrorClass.forCode(null)).isEqualTo(ErrorClass.FAILED);
        assertThat(ErrorClass.forCode("")).isEqualTo(ErrorClass.FAILED);
        assertThat(ErrorClass.forCode("rate_limited")).as("codes are case-sensitive").isEqualTo(ErrorClass.FAILED);
    }

    @Test
    void folder_names_are_lower_case_with_hyphens() {
        assertThat(ErrorClass.CREDITS.folder()).isEqualTo("credits");
        assertThat(ErrorClass.ENCRYPTED.folder()).isEqualTo("encrypted");
        assertThat(ErrorClass.REJECTED.folder()).isEqualTo("rejected");
        assertThat(ErrorClass.PROMPT.folder()).isEqualTo("prompt");
        assertThat(ErrorClass.FAILED.folder()).isEqualTo("failed");
    }
}
