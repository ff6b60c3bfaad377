package io.invoiceroutes.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a.pdf", "A.PDF", "scan.Jpg", "photo.jpeg", "x.JPEG", "image.png", "dir/sub/inv.Pdf",
            "C:\\inbox\\inv.PNG"})
    void supported_types_are_recognised_in_any_case(String name) {
        assertThat(FileNames.isSupported(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.docx", "sheet.xlsx", "archive.pdf.zip", "notes.txt", "README", "", "pdf",
            "dir.pdf/file", "invoice."})
    void other_types_and_names_without_an_extension_are_refused(String name) {
        assertThat(FileNames.isSupported(name)).isFalse();
    }

    @Test
    void null_is_not_supported() {
        assertThat(FileNames.isSupported(null)).isFalse();
    }

    @Test
    void extension_is_lower_case_without_the_dot() {
        assertThat(FileNames.extension("Scan.JPEG")).isEqualTo("jpeg");
        assertThat(FileNames.extension("a.b.Pdf")).isEqualTo("pdf");
        assertThat(FileNames.extension("folder.d/readme")).isEmpty();
        assertThat(FileNames.extension(null)).isEmpty();
    }

    @Test
    void safe_strips_directories() {
        assertThat(FileNames.safe("../../etc/passwd.pdf")).isEqualTo("passwd.pdf");
        assertThat(FileNames.safe("/var/inbox/invoice.pdf")).isEqualTo("invoice.pdf");
        assertThat(FileNames.safe("..\\..\\windows\\win.ini.png")).isEqualTo("win.ini.png");
        assertThat(FileNames.safe("mixed/dirs\\and/file.pdf")).isEqualTo("file.pdf");
    }

    @Test
    void safe_replaces_control_characters() {
        String safe = FileNames.safe("inv\u0000oice\t\n\u001b\u007f.pdf");

        assertThat(safe).isEqualTo("inv_oice____.pdf");
        assertThat(safe.codePoints().noneMatch(Character::isISOControl)).isTrue();
    }

    @Test
    void safe_replaces_characters_windows_refuses() {
        assertThat(FileNames.safe("a:b*c?d\"e<f>g|h.pdf")).isEqualTo("a_b_c_d_e_f_g_h.pdf");
    }

    @Test
    void safe_never_keeps_slashes_or_backslashes() {
        for (String name : new String[]{"a/b.pdf", "a\\b.pdf", "/", "\\", "x/", "x\\"}) {
            assertThat(FileNames.safe(name)).as(name).doesNotContain("/").doesNotContain("\\").isNotEmpty();
        }
    }

    @Test
    void safe_strips_surrounding_whitespace() {
        assertThat(FileNames.safe("   invoice.pdf \t")).isEqualTo("invoice.pdf");
        assertThat(FileNames.safe(" invoice  .pdf")).isEqualTo("invoice.pdf");
        assertThat(FileNames.safe("\u2003invoice.pdf\u2003")).isEqualTo("invoice.pdf");
    }

    @Test
    void safe_does_not_turn_a_trailing_newline_into_part_of_the_extension() {
        assertThat(FileNames.safe("invoice.pdf\r\n")).isEqualTo("invoice.pdf");
        assertThat(FileNames.isSupported(FileNames.safe("\tscan.JPG\n"))).isTrue();
    }

    @Test
    void safe_strips_leading_dots() {
        assertThat(FileNames.safe(".hidden.pdf")).isEqualTo("hidden.pdf");
        assertThat(FileNames.safe("...triple.png")).isEqualTo("triple.png");
        assertThat(FileNames.safe("..")).isEqualTo("file");
    }

    @Test
    void safe_strips_whitespace_left_behind_by_leading_dots() {
        assertThat(FileNames.safe(". hidden.pdf")).isEqualTo("hidden.pdf");
        assertThat(FileNames.safe(". notes")).isEqualTo("notes");
    }

    @Test
    void safe_keeps_letters_of_any_script_spaces_and_hashes_and_lower_cases_the_extension() {
        assertThat(FileNames.safe("Rechnung Müller #12.PDF")).isEqualTo("Rechnung Müller #12.pdf");
        assertThat(FileNames.safe("請求書 2024.Png")).isEqualTo("請求書 2024.png");
        assertThat(FileNames.safe("Счёт-фактура №5.JPG")).isEqualTo("Счёт-фактура №5.jpg");
    }

    @Test
    void safe_normalises_to_composed_form() {
        String decomposed = "Mu\u0308ller.pdf";

        assertThat(FileNames.safe(decomposed)).isEqualTo("M\u00fcller.pdf");
    }

    @Test
    void safe_names_an_empty_stem_file() {
        assertThat(FileNames.safe("")).isEqualTo("file");
        assertThat(FileNames.safe(null)).isEqualTo("file");
        assertThat(FileNames.safe("   .pdf")).isEqualTo("pdf");
        assertThat(FileNames.safe("dir/")).isEqualTo("file");
    }

    @Test
    void safe_caps_at_200_characters_keeping_the_extension() {
        String safe = FileNames.safe("a".repeat(500) + ".PDF");

        assertThat(safe).hasSize(200).endsWith("a.pdf").isEqualTo("a".repeat(196) + ".pdf");
    }

    @Test
    void safe_keeps_a_200_character_name_as_it_is() {
        String name = "b".repeat(196) + ".png";

        assertThat(FileNames.safe(name)).isEqualTo(name);
    }

    @Test
    void safe_caps_a_name_without_an_extension_at_200() {
        assertThat(FileNames.safe("c".repeat(300))).isEqualTo("c".repeat(200));
    }

    @Test
    void safe_strips_whitespace_where_the_cap_cut() {
        String safe = FileNames.safe("d".repeat(195) + "     tail.pdf");

        assertThat(safe).isEqualTo("d".repeat(195) + ".pdf");
    }

    @Test
    void safe_does_not_split_a_character_outside_the_basic_plane_when_capping() {
        String emoji = "\uD83D\uDCC4"; // one code point, two chars
        String safe = FileNames.safe("a" + emoji.repeat(150) + ".pdf");

        assertThat(safe).endsWith(".pdf").hasSizeLessThanOrEqualTo(200);
        assertThat(isWellFormed(safe)).as("no lone surrogate in %s", safe).isTrue();
    }

    @Test
    void safe_is_idempotent() {
        for (String name : new String[]{"../x/Rechnung Müller #12.PDF", " .a.pdf", "e".repeat(300) + ".jpeg",
                "a\u0001b.png"}) {
            String once = FileNames.safe(name);
            assertThat(FileNames.safe(once)).as(name).isEqualTo(once);
        }
    }

    @Test
    void unique_in_keeps_a_free_name() {
        Set<String> taken = new HashSet<>();

        assertThat(FileNames.uniqueIn("Invoice.pdf", taken)).isEqualTo("Invoice.pdf");
        assertThat(taken).containsExactly("invoice.pdf");
    }

    @Test
    void unique_in_numbers_names_taken_ignoring_case() {
        Set<String> taken = new HashSet<>();

        assertThat(FileNames.uniqueIn("a.pdf", taken)).isEqualTo("a.pdf");
        assertThat(FileNames.uniqueIn("A.PDF", taken)).isEqualTo("A (2).pdf");
        assertThat(FileNames.uniqueIn("a.pdf", taken)).isEqualTo("a (3).pdf");
        assertThat(FileNames.uniqueIn("a (2).pdf", taken)).isEqualTo("a (2) (2).pdf");
        assertThat(taken).containsExactlyInAnyOrder("a.pdf", "a (2).pdf", "a (3).pdf", "a (2) (2).pdf");
    }

    @Test
    void with_counter_goes_before_the_extension() {
        assertThat(FileNames.withCounter("invoice.pdf", 2)).isEqualTo("invoice (2).pdf");
        assertThat(FileNames.withCounter("scan.v2.jpeg", 12)).isEqualTo("scan.v2 (12).jpeg");
        assertThat(FileNames.withCounter("README", 3)).isEqualTo("README (3)");
    }

    @Test
    void with_counter_keeps_a_long_name_within_200_characters() {
        String name = "f".repeat(196) + ".pdf";

        String counted = FileNames.withCounter(name, 10);

        assertThat(counted).hasSize(200).endsWith("f (10).pdf");
    }

    @Test
    void with_counter_does_not_split_a_character_outside_the_basic_plane() {
        String counted = FileNames.withCounter("a" + "\uD83D\uDCC4".repeat(97) + ".pdf", 2);

        assertThat(counted).endsWith(" (2).pdf").hasSizeLessThanOrEqualTo(200);
        assertThat(isWellFormed(counted)).isTrue();
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // --- names capped by UTF-8 bytes, so every prefix and suffix we add still fits the file system's 255 bytes ---

    private static int bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Test
    void safe_caps_an_eighty_character_cjk_name_by_bytes_keeping_the_extension() {
        String name = "請".repeat(80) + ".pdf"; // 244 bytes: fine alone, too long behind "<file_id>__"

        String safe = FileNames.safe(name);

        assertThat(bytes(safe)).isLessThanOrEqualTo(FileNames.MAX_NAME_BYTES);
        assertThat(safe).endsWith(".pdf").startsWith("請".repeat(60));
        assertThat(bytes("file_0123456789abcdef0123__" + safe + ".error.json")).isLessThanOrEqualTo(255);
    }

    @Test
    void safe_caps_a_142_character_cjk_name_within_the_byte_budget() {
        String safe = FileNames.safe("発".repeat(142) + ".PDF");

        assertThat(bytes(safe)).isLessThanOrEqualTo(FileNames.MAX_NAME_BYTES).isGreaterThan(FileNames.MAX_NAME_BYTES - 3);
        assertThat(safe).endsWith("発.pdf");
    }

    @Test
    void safe_never_splits_a_code_point_when_capping_by_bytes() {
        for (String unit : new String[]{"é", "請", "\uD83D\uDCC4", "a\u0301"}) {
            for (int n = 60; n < 260; n += 7) {
                String safe = FileNames.safe(unit.repeat(n) + ".png");
                assertThat(bytes(safe)).as("%s x %d", unit, n).isLessThanOrEqualTo(FileNames.MAX_NAME_BYTES);
                assertThat(isWellFormed(safe)).as("%s x %d", unit, n).isTrue();
                assertThat(safe).endsWith(".png");
            }
        }
    }

    @Test
    void safe_keeps_a_name_within_the_byte_budget_as_it_is() {
        String name = "請".repeat(64) + ".pdf"; // 196 bytes

        assertThat(FileNames.safe(name)).isEqualTo(name);
    }

    @Test
    void with_counter_stays_within_the_byte_budget() {
        String name = FileNames.safe("請".repeat(80) + ".pdf");

        String counted = FileNames.withCounter(name, 1234);

        assertThat(counted).endsWith(" (1234).pdf");
        assertThat(bytes(counted)).isLessThanOrEqualTo(FileNames.MAX_NAME_BYTES);
        assertThat(isWellFormed(counted)).isTrue();
    }

    @Test
    void api_name_keeps_up_to_200_characters_whatever_their_bytes() {
        String name = "請".repeat(80) + ".PDF";

        assertThat(FileNames.apiName(name)).isEqualTo("請".repeat(80) + ".pdf");
        assertThat(FileNames.apiName("a".repeat(500) + ".pdf")).hasSize(200).endsWith("a.pdf");
        assertThat(FileNames.apiName("../x/" + "請".repeat(300) + ".png")).hasSize(200).endsWith(".png");
    }

    @Test
    void fit_cuts_to_a_byte_budget_keeping_the_extension() {
        assertThat(FileNames.fit("abcdef.pdf", 8)).isEqualTo("abcd.pdf");
        assertThat(FileNames.fit("請請請.pdf", 10)).isEqualTo("請請.pdf");
        assertThat(FileNames.fit("請請請.pdf", 9)).isEqualTo("請.pdf");
        assertThat(FileNames.fit("short.pdf", 200)).isEqualTo("short.pdf");
    }
}
