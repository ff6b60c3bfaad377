package io.invoiceroutes.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxServerTest {
    static SandboxServer server;
    static Path samples;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = new SandboxServer(SandboxConfig.builder().processingMillis(600).build()).start();
        Path src = io.invoiceroutes.testing.Samples.invoices();
        samples = Files.createDirectories(tmp.resolve("invoices"));
        for (String n : List.of("AzureInterior.pdf", "FlipkartInvoice.pdf", "SammyMaystoneLinesTest.pdf", "coolblue1.pdf")) {
            Files.copy(src.resolve(n), samples.resolve(n));
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static SandboxClient client() {
        return new SandboxClient(server.baseUrl(), "key-" + UUID.randomUUID());
    }

    static Map<String, Object> submission(String sub, String session, List<String> ids, Object prompt, Map<String, Object> options) {
        return submission(sub, session, ids, prompt, "automatic", options);
    }

    static Map<String, Object> submission(String sub, String session, List<String> ids, Object prompt, String structure,
                                          Map<String, Object> options) {
        return Map.of("submission_id", sub, "upload_session_id", session, "file_ids", ids, "task_name", "Sandbox test",
                "prompt", prompt, "output_structure", structure, "options", options);
    }

    static Map<String, Object> fields(String... names) {
        return Map.of("fields", java.util.Arrays.stream(names).map(n -> Map.of("name", n)).toList());
    }

    /** Submits, waits until final, and checks the extraction completed. */
    static JsonNode extract(SandboxClient c, String sub, String session, List<String> ids, Object prompt, String structure,
                            Map<String, Object> options) throws Exception {
        var r = c.post("/extractions", submission(sub, session, ids, prompt, structure, options));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
        JsonNode done = waitFinal(c, r.body().path("extraction_id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        return done;
    }

    static byte[] download(SandboxClient c, String url) throws Exception {
        HttpResponse<byte[]> r = c.raw(HttpRequest.newBuilder(URI.create(url)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static JsonNode results(SandboxClient c, JsonNode done) throws Exception {
        var r = c.get("/extractions/" + done.path("extraction_id").asText() + "/results?limit=1000");
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    static JsonNode waitFinal(SandboxClient c, String id) throws Exception {
        for (int i = 0; i < 10; i++) {
            JsonNode s = c.get("/extractions/" + id + "?wait=10").body();
            if (!s.path("status").asText().equals("processing")) {
                return s;
            }
        }
        throw new AssertionError("never left processing");
    }

    static List<Path> pdfs(String... names) {
        List<Path> l = new ArrayList<>();
        for (String n : names) {
            l.add(samples.resolve(n));
        }
        return l;
    }

    @Test
    void fullLifecycleWithSamples() throws Exception {
        SandboxClient c = client();
        List<Path> files = pdfs("AzureInterior.pdf", "FlipkartInvoice.pdf");
        List<String> ids = c.upload("sess_full", files);
        Map<String, Object> prompt = Map.of("fields", List.of(Map.of("name", "Invoice Number"), Map.of("name", "Total Amount")));
        var sub = c.post("/extractions", submission("sub_full", "sess_full", ids, prompt, Map.of("json_typed_values", true)));
        assertThat(sub.status()).isEqualTo(202);
        String id = sub.body().path("extraction_id").asText();
        JsonNode done = waitFinal(c, id);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("output_structure").asText()).isEqualTo("per_invoice");
        int pages = done.path("pages").path("successful_count").asInt();
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(done.path("credits_deducted").asInt()).isEqualTo(pages);
        HttpResponse<byte[]> xlsx = c.raw(HttpRequest.newBuilder(URI.create(done.path("output").path("xlsx_url").asText())).build());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            var header = wb.getSheetAt(0).getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Invoice Number");
            assertThat(header.getCell(2).getStringCellValue()).isEqualTo("Source File");
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(2);
        }
        var out = c.get("/extractions/" + id + "/output?format=csv");
        HttpResponse<byte[]> csv = c.raw(HttpRequest.newBuilder(URI.create(out.body().path("download_url").asText())).build());
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).startsWith("Invoice Number,Total Amount,Source File,Review Needed");
        var results = c.get("/extractions/" + id + "/results?limit=1");
        assertThat(results.body().path("rows").size()).isEqualTo(1);
        assertThat(results.body().path("has_more").asBoolean()).isTrue();
        assertThat(results.body().path("next_offset").asInt()).isEqualTo(1);
        var details = c.get("/extractions/" + id + "/details");
        assertThat(details.body().path("extraction").path("file_names").size()).isEqualTo(2);
        var list = c.get("/extractions?limit=1");
        assertThat(list.body().path("extractions").get(0).path("extraction_id").asText()).isEqualTo(id);
        var balance = c.get("/credits/balance");
        assertThat(balance.body().path("credits_balance").asLong()).isEqualTo(1000 - pages);
        assertThat(balance.body().path("credits_reserved").asLong()).isZero();
        var del = c.call("DELETE", "/extractions/" + id, null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(c.get("/extractions/" + id).status()).isEqualTo(404);
        assertThat(server.recorder().violations("response-self-check")).isEmpty();
    }

    @Test
    void perLineItemGivesMoreRowsThanPerInvoiceWithColumnsInPromptOrder() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_struct", pdfs("coolblue1.pdf", "SammyMaystoneLinesTest.pdf"));
        Object prompt = fields("Total Amount", "Invoice Number", "Invoice Date");
        JsonNode invoice = extract(c, "sub_inv", "sess_struct", ids, prompt, "per_invoice", Map.of());
        JsonNode items = extract(c, "sub_items", "sess_struct", ids, prompt, "per_line_item", Map.of());
        JsonNode auto = extract(c, "sub_auto", "sess_struct", ids, prompt, "automatic", Map.of());
        assertThat(auto.path("output_structure").asText()).isEqualTo("per_invoice");
        assertThat(items.path("output_structure").asText()).isEqualTo("per_line_item");

        JsonNode inv = results(c, invoice);
        JsonNode li = results(c, items);
        assertThat(names(inv.path("columns"))).containsExactly("Total Amount", "Invoice Number", "Invoice Date",
                "Source File", "Review Needed");
        assertThat(names(li.path("columns"))).containsExactly("Total Amount", "Invoice Number", "Invoice Date",
                "Line Item Description", "Line Item Amount", "Source File", "Review Needed");
        assertThat(inv.path("total_rows").asInt()).isEqualTo(2);
        assertThat(names(inv.path("rows").get(0).fieldNames())).containsExactlyElementsOf(names(inv.path("columns")));
        assertThat(inv.path("rows").get(0).path("Source File").asText()).isEqualTo("coolblue1.pdf (Page 1)");
        assertThat(inv.path("rows").get(0).path("Invoice Number").asText()).isEqualTo("993548900");

        List<JsonNode> coolblueItems = new ArrayList<>();
        li.path("rows").forEach(r -> {
            if (r.path("Source File").asText().startsWith("coolblue1.pdf")) {
                coolblueItems.add(r);
            }
        });
        assertThat(coolblueItems).hasSizeGreaterThan(1);
        assertThat(li.path("total_rows").asInt()).isGreaterThan(inv.path("total_rows").asInt());
        assertThat(coolblueItems).allSatisfy(r -> assertThat(r.path("Invoice Number").asText()).isEqualTo("993548900"));
        assertThat(coolblueItems.stream().map(r -> r.path("Line Item Description").asText()).distinct().count())
                .isEqualTo(coolblueItems.size());
        String csv = new String(download(c, items.path("output").path("csv_url").asText()), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("Total Amount,Invoice Number,Invoice Date,Line Item Description,Line Item Amount,"
                + "Source File,Review Needed\r\n");
        assertThat(csv.split("\r\n")).hasSize(li.path("total_rows").asInt() + 1);
        assertThat(server.recorder().violations("response-self-check")).isEmpty();
    }

    @Test
    void excludeColumnsDropsSystemColumnsButKeepsReviewNeeded() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_ex", pdfs("coolblue1.pdf"));
        JsonNode done = extract(c, "sub_ex", "sess_ex", ids, fields("Invoice Number", "Frobnicator Code"), "per_invoice",
                Map.of("exclude_columns", List.of("source_file", "review_needed")));
        JsonNode res = results(c, done);
        assertThat(names(res.path("columns"))).containsExactly("Invoice Number", "Frobnicator Code");
        assertThat(names(res.path("rows").get(0).fieldNames())).containsExactly("Invoice Number", "Frobnicator Code");
        assertThat(new String(download(c, done.path("output").path("csv_url").asText()), StandardCharsets.UTF_8))
                .startsWith("Invoice Number,Frobnicator Code\r\n");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download(c, done.path("output").path("xlsx_url").asText())))) {
            assertThat(wb.getSheetAt(0).getRow(0).getLastCellNum()).isEqualTo((short) 2);
        }
        assertThat(done.path("review_needed").path("count").asInt()).isEqualTo(1);

        JsonNode one = extract(c, "sub_ex1", "sess_ex", ids, fields("Invoice Number"), "per_invoice",
                Map.of("exclude_columns", List.of("source_file")));
        assertThat(names(results(c, one).path("columns"))).containsExactly("Invoice Number", "Review Needed");
    }

    @Test
    void reviewNeededItemsColumnNotesAndXlsxFill() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_rev", pdfs("AzureInterior.pdf", "coolblue1.pdf"));
        Object prompt = fields("Invoice Number", "Frobnicator Code");
        JsonNode done = extract(c, "sub_rev", "sess_rev", ids, prompt, "per_invoice", Map.of("json_typed_values", true));
        JsonNode items = done.path("review_needed").path("items");
        assertThat(done.path("review_needed").path("count").asInt()).isEqualTo(2).isEqualTo(items.size());
        JsonNode second = items.get(1);
        assertThat(names(second.path("affected_fields"))).contains("Frobnicator Code").doesNotContain("Invoice Number");
        assertThat(second.path("output_row_numbers").toString()).isEqualTo("[2]");
        assertThat(second.path("source_references").toString()).isEqualTo("[\"coolblue1.pdf (Page 1)\"]");
        assertThat(second.path("message").asText()).contains("Frobnicator Code").contains("coolblue1.pdf");
        JsonNode rows = results(c, done).path("rows");
        assertThat(rows.get(1).path("Review Needed").asText()).isEqualTo(second.path("message").asText());
        assertThat(rows.get(1).path("Frobnicator Code").isNull()).isTrue();
        JsonNode notes = done.path("ai_uncertainty_notes");
        assertThat(notes.size()).isEqualTo(1);
        assertThat(notes.get(0).path("description").asText()).contains("Frobnicator Code");
        assertThat(notes.get(0).path("suggested_prompt_additions").get(0).path("instructions").size()).isPositive();
        assertThat(fills(c, done)).containsExactly("FFC000", "FFC000");

        JsonNode red = extract(c, "sub_red", "sess_rev", ids, prompt, "per_invoice", Map.of("review_needed_fill_color", "red"));
        assertThat(fills(c, red)).containsExactly("FF0000", "FF0000");
        JsonNode none = extract(c, "sub_none", "sess_rev", ids, prompt, "per_invoice", Map.of("review_needed_fill_color", "none"));
        assertThat(fills(c, none)).containsExactly("", "");

        JsonNode clean = extract(c, "sub_clean", "sess_rev", ids, fields("Invoice Number"), "per_invoice", Map.of());
        assertThat(clean.path("review_needed").path("count").asInt()).isZero();
        assertThat(clean.path("ai_uncertainty_notes").size()).isZero();
        assertThat(results(c, clean).path("rows").get(1).path("Review Needed").asText()).isEmpty();
        assertThat(fills(c, clean)).containsExactly("", "");
        assertThat(server.recorder().violations("response-self-check")).isEmpty();
    }

    /** The fill colour (RRGGBB, "" for none) of the first cell of each data row of the XLSX output. */
    private static List<String> fills(SandboxClient c, JsonNode done) throws Exception {
        List<String> out = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download(c, done.path("output").path("xlsx_url").asText())))) {
            var sheet = wb.getSheetAt(0);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var style = (org.apache.poi.xssf.usermodel.XSSFCellStyle) sheet.getRow(r).getCell(0).getCellStyle();
                var color = style.getFillForegroundXSSFColor();
                out.add(style.getFillPattern() == org.apache.poi.ss.usermodel.FillPatternType.SOLID_FOREGROUND && color != null
                        ? color.getARGBHex().substring(2) : "");
            }
        }
        return out;
    }

    @Test
    void resultsRowsEqualTheDownloadedJsonTypedAndUntyped() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_json", pdfs("coolblue1.pdf", "AzureInterior.pdf"));
        Object prompt = fields("Invoice Number", "Invoice Date", "Total Amount", "Frobnicator Code");
        for (boolean typed : List.of(true, false)) {
            for (String structure : List.of("per_invoice", "per_line_item")) {
                JsonNode done = extract(c, "sub_json_" + typed + structure, "sess_json", ids, prompt, structure,
                        Map.of("json_typed_values", typed));
                JsonNode file = SandboxClient.M.readTree(download(c, done.path("output").path("json_url").asText()));
                JsonNode res = results(c, done);
                assertThat(res.path("json_typed_values").asBoolean()).isEqualTo(typed);
                assertThat(res.path("rows")).isEqualTo(file);
                JsonNode paged = c.get("/extractions/" + done.path("extraction_id").asText() + "/results?offset=1&limit=2").body();
                assertThat(paged.path("rows").get(0)).isEqualTo(file.get(1));
                JsonNode first = file.get(0);
                if (typed) {
                    assertThat(first.path("Total Amount").isNumber()).isTrue();
                    assertThat(first.path("Total Amount").decimalValue()).isEqualByComparingTo("717.97");
                    assertThat(first.path("Frobnicator Code").isNull()).isTrue();
                } else {
                    assertThat(first.path("Total Amount").asText()).isEqualTo("717.97");
                    file.forEach(row -> row.forEach(v -> assertThat(v.isTextual()).as(row.toString()).isTrue()));
                }
            }
        }
    }

    @Test
    void outputUrlReportsContractConstantWhateverTheConfiguredTtl() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().processingMillis(100).downloadUrlTtlSeconds(1).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            List<String> ids = c.upload("sess_ttl", pdfs("SammyMaystoneLinesTest.pdf"));
            String id = c.post("/extractions", submission("sub_ttl", "sess_ttl", ids, "Extract totals", Map.of()))
                    .body().path("extraction_id").asText();
            assertThat(waitFinal(c, id).path("status").asText()).isEqualTo("completed");
            var out = c.get("/extractions/" + id + "/output?format=json");
            assertThat(out.body().path("expires_in_seconds").asInt()).isEqualTo(300);
            assertThat(s.recorder().violations("response-self-check")).isEmpty();
            Thread.sleep(2100);
            var expired = c.raw(HttpRequest.newBuilder(URI.create(out.body().path("download_url").asText())).build());
            assertThat(expired.statusCode()).isEqualTo(403);
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    private static List<String> names(java.util.Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void multiPartUploadWithSmallPartSize() throws Exception {
        try (SandboxServer small = new SandboxServer(SandboxConfig.builder().partSize(16 * 1024).processingMillis(200).build()).start()) {
            SandboxClient c = new SandboxClient(small.baseUrl(), "k");
            Path f = samples.resolve("AzureInterior.pdf");
            List<String> ids = c.upload("sess_mp", List.of(f));
            assertThat(small.recorder().requests().stream().filter(r -> r.method().equals("PUT")).count())
                    .isEqualTo((Files.size(f) + 16383) / 16384);
            var again = c.post("/uploads/sessions/sess_mp/complete", Map.of("file_id", ids.get(0),
                    "parts", List.of(Map.of("part_number", 1, "e_tag", "\"x\""))));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().has("status")).isFalse();
            var parts = c.post("/uploads/sessions/sess_mp/parts", Map.of("file_id", ids.get(0), "part_numbers", List.of(1)));
            assertThat(parts.body().path("error").path("code").asText()).isEqualTo("FILE_NOT_UPLOADABLE");
        }
    }

    @Test
    void uploadSessionIdempotencyAndCompletionErrors() throws Exception {
        SandboxClient c = client();
        Map<String, Object> body = Map.of("upload_session_id", "s1", "files",
                List.of(Map.of("file_id", "f1", "file_name", "a.pdf", "file_size_bytes", 10)));
        var first = c.post("/uploads/sessions", body);
        assertThat(c.post("/uploads/sessions", body).body()).isEqualTo(first.body());
        var other = c.post("/uploads/sessions", Map.of("upload_session_id", "s1", "files",
                List.of(Map.of("file_id", "f1", "file_name", "b.pdf", "file_size_bytes", 10))));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("error").path("code").asText()).isEqualTo("SESSION_ALREADY_INITIALIZED");
        var url = c.post("/uploads/sessions/s1/parts", Map.of("file_id", "f1", "part_numbers", List.of(1, 1)));
        assertThat(url.body().path("part_urls").size()).isEqualTo(1);
        var put = c.put(url.body().path("part_urls").get(0).path("url").asText(), new byte[7]);
        String etag = put.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        var wrong = c.post("/uploads/sessions/s1/complete", Map.of("file_id", "f1", "parts", List.of(Map.of("part_number", 1, "e_tag", "\"bad\""))));
        assertThat(wrong.body().path("error").path("code").asText()).isEqualTo("INVALID_COMPLETION_PARTS");
        assertThat(wrong.body().path("error").path("details").path("reason").asText()).isEqualTo("etag_mismatch");
        var size = c.post("/uploads/sessions/s1/complete", Map.of("file_id", "f1", "parts", List.of(Map.of("part_number", 1, "e_tag", etag))));
        assertThat(size.status()).isEqualTo(422);
        assertThat(size.body().path("error").path("details").path("actual_size_bytes").asInt()).isEqualTo(7);
        var beyond = c.post("/uploads/sessions/s1/parts", Map.of("file_id", "f1", "part_numbers", List.of(2)));
        assertThat(beyond.body().path("error").path("code").asText()).isEqualTo("INVALID_INPUT");
        var missing = c.post("/uploads/sessions/s1/parts", Map.of("file_id", "nope", "part_numbers", List.of(1)));
        assertThat(missing.status()).isEqualTo(404);
        var badName = c.post("/uploads/sessions", Map.of("upload_session_id", "s2", "files",
                List.of(Map.of("file_id", "f1", "file_name", "a.txt", "file_size_bytes", 10))));
        assertThat(badName.body().path("error").path("details").path("issues").get(0).path("path").toString()).isEqualTo("[\"files\",0,\"file_name\"]");
        var big = c.post("/uploads/sessions", Map.of("upload_session_id", "s3", "files",
                List.of(Map.of("file_id", "f1", "file_name", "a.png", "file_size_bytes", 5_242_881))));
        assertThat(big.body().path("error").path("code").asText()).isEqualTo("FILE_TOO_LARGE");
    }

    @Test
    void aSessionIdAgainWithTheSameFilesIsTheSameSessionAndWithOtherFilesIsRefused() throws Exception {
        SandboxClient c = client();
        Map<String, Object> a = Map.of("file_id", "f1", "file_name", "a.pdf", "file_size_bytes", 10);
        Map<String, Object> b = Map.of("file_id", "f2", "file_name", "b.pdf", "file_size_bytes", 20);
        var first = c.post("/uploads/sessions", Map.of("upload_session_id", "s_init", "files", List.of(a, b)));
        assertThat(first.status()).isEqualTo(200);
        var same = c.post("/uploads/sessions", Map.of("upload_session_id", "s_init", "files", List.of(a, b)));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body()).isEqualTo(first.body());
        List<Map<String, Object>> fewer = List.of(a);
        List<Map<String, Object>> other = List.of(a, Map.of("file_id", "f3", "file_name", "c.pdf", "file_size_bytes", 20));
        List<Map<String, Object>> resized = List.of(a, Map.of("file_id", "f2", "file_name", "b.pdf", "file_size_bytes", 21));
        for (List<Map<String, Object>> files : List.of(fewer, other, resized)) {
            var r = c.post("/uploads/sessions", Map.of("upload_session_id", "s_init", "files", files));
            assertThat(r.status()).as(files.toString()).isEqualTo(409);
            assertThat(r.body().path("error").path("code").asText()).isEqualTo("SESSION_ALREADY_INITIALIZED");
            assertThat(r.body().path("error").path("details").path("upload_session_id").asText()).isEqualTo("s_init");
        }
        assertThat(server.state().account(c.key).sessionCount()).isEqualTo(1);
    }

    @Test
    void submissionIdempotency() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_idem", pdfs("SammyMaystoneLinesTest.pdf"));
        var body = submission("sub_idem", "sess_idem", ids, "Extract invoice number and total", Map.of());
        var first = c.post("/extractions", body);
        var again = c.post("/extractions", body);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().path("extraction_id")).isEqualTo(first.body().path("extraction_id"));
        var diff = c.post("/extractions", submission("sub_idem", "sess_idem", ids, "Something else", Map.of()));
        assertThat(diff.status()).isEqualTo(409);
        assertThat(diff.body().path("error").path("details").path("differing_fields").toString()).isEqualTo("[\"prompt\"]");
        assertThat(diff.body().path("error").path("details").path("extraction_id")).isEqualTo(first.body().path("extraction_id"));
        var notDone = c.post("/extractions", submission("sub_x", "sess_idem", List.of("ghost"), "x", Map.of()));
        assertThat(notDone.body().path("error").path("code").asText()).isEqualTo("INVALID_INPUT");
        waitFinal(c, first.body().path("extraction_id").asText());
    }

    @Test
    void expiredAndTamperedUrlsAndBadPuts() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().expirePartUrlsOnce(true).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            c.post("/uploads/sessions", Map.of("upload_session_id", "s", "files",
                    List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 4))));
            String expired = c.post("/uploads/sessions/s/parts", Map.of("file_id", "f", "part_numbers", List.of(1)))
                    .body().path("part_urls").get(0).path("url").asText();
            assertThat(c.put(expired, new byte[4]).statusCode()).isEqualTo(403);
            String good = c.post("/uploads/sessions/s/parts", Map.of("file_id", "f", "part_numbers", List.of(1)))
                    .body().path("part_urls").get(0).path("url").asText();
            assertThat(good).contains("%2F");
            String tampered = good.substring(0, good.length() - 2) + (good.endsWith("00") ? "11" : "00");
            assertThat(c.put(tampered, new byte[4]).statusCode()).isEqualTo(403);
            String reencoded = good.replace("%2F", "%252F");
            assertThat(c.put(reencoded, new byte[4]).statusCode()).isEqualTo(403);
            var withAuth = c.raw(HttpRequest.newBuilder(URI.create(good)).header("Authorization", "Bearer k")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[4])).build());
            assertThat(withAuth.statusCode()).isEqualTo(403);
            assertThat(s.recorder().violations("authorization-to-storage")).hasSize(1);
            assertThat(s.recorder().requests().stream().filter(r -> r.headers().containsKey("authorization"))
                    .allMatch(r -> r.headers().get("authorization").get(0).contains("masked"))).isTrue();
            var chunked = c.raw(HttpRequest.newBuilder(URI.create(good))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4]))).build());
            assertThat(chunked.statusCode()).isIn(411, 501);
            assertThat(s.recorder().violations("chunked-put")).hasSize(1);
            assertThat(c.put(good, new byte[4]).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void rateLimitedBurst() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().rateLimitScale(0.1).build()).start()) {
            SandboxClient c = new SandboxClient(s.baseUrl(), "k");
            SandboxClient.Res last = null;
            for (int i = 0; i < 7; i++) {
                last = c.get("/credits/balance");
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.body().path("error").path("code").asText()).isEqualTo("RATE_LIMITED");
            long retry = Long.parseLong(last.raw().headers().firstValue("Retry-After").orElseThrow());
            assertThat(retry).isBetween(1L, 60L);
            assertThat(last.body().path("error").path("details").path("retry_after_seconds").asLong()).isEqualTo(retry);
            assertThat(new SandboxClient(s.baseUrl(), "other").get("/credits/balance").status()).isEqualTo(200);
        }
    }

    @Test
    void encryptedPdfFailsExtraction() throws Exception {
        Path enc = tmp.resolve("locked.pdf");
        try (PDDocument doc = Loader.loadPDF(samples.resolve("SammyMaystoneLinesTest.pdf").toFile())) {
            StandardProtectionPolicy p = new StandardProtectionPolicy("owner", "user", new AccessPermission());
            p.setEncryptionKeyLength(128);
            doc.protect(p);
            doc.save(enc.toFile());
        }
        SandboxClient c = client();
        List<String> ids = c.upload("sess_enc", List.of(enc));
        String id = c.post("/extractions", submission("sub_enc", "sess_enc", ids, "Extract totals", Map.of())).body().path("extraction_id").asText();
        JsonNode s = waitFinal(c, id);
        assertThat(s.path("status").asText()).isEqualTo("failed");
        assertThat(s.path("success").asBoolean()).isFalse();
        assertThat(s.path("error").path("code").asText()).isEqualTo("ENCRYPTED_FILE");
        assertThat(s.path("error").path("details").path("file_names").toString()).contains("locked.pdf");
    }

    @Test
    void insufficientCreditsAtSessionAndAtProcessing() throws Exception {
        SandboxClient c = client();
        server.setCredits(c.key, 0);
        var r = c.post("/uploads/sessions", Map.of("upload_session_id", "s", "files",
                List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 4))));
        assertThat(r.status()).isEqualTo(402);
        assertThat(r.body().path("error").path("details").path("file_count").asInt()).isEqualTo(1);
        server.setCredits(c.key, 1);
        Path two = samples.resolve("AzureInterior.pdf");
        List<String> ids = c.upload("sess_cr", List.of(two));
        String id = c.post("/extractions", submission("sub_cr", "sess_cr", ids, "Extract totals", Map.of())).body().path("extraction_id").asText();
        JsonNode s = waitFinal(c, id);
        int pages;
        try (PDDocument d = Loader.loadPDF(two.toFile())) {
            pages = d.getNumberOfPages();
        }
        if (pages > 1) {
            assertThat(s.path("error").path("code").asText()).isEqualTo("INSUFFICIENT_CREDITS");
            assertThat(s.path("error").path("details").path("credits_required").asInt()).isEqualTo(pages);
        } else {
            assertThat(s.path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void questionsAndAnswers() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_q", pdfs("SammyMaystoneLinesTest.pdf"));
        String id = c.post("/extractions", submission("sub_q", "sess_q", ids, "Extract totals", Map.of("ask_questions", true)))
                .body().path("extraction_id").asText();
        JsonNode s = waitFinal(c, id);
        assertThat(s.path("status").asText()).isEqualTo("input_required");
        var bad = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_9", "text", "x"))));
        assertThat(bad.status()).isEqualTo(400);
        var badChoice = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_1", "choice_id", "z"))));
        assertThat(badChoice.status()).isEqualTo(400);
        var partial = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_1", "choice_id", "b"))));
        assertThat(partial.body().path("status").asText()).isEqualTo("input_required");
        var all = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_2", "accept_recommended", true))));
        assertThat(all.body().path("status").asText()).isEqualTo("processing");
        assertThat(waitFinal(c, id).path("status").asText()).isEqualTo("completed");
        var late = c.post("/extractions/" + id + "/answers", Map.of("answers", List.of(Map.of("question_id", "q_2", "text", "ISO"))));
        assertThat(late.body().path("status").asText()).isEqualTo("completed");
    }

    @Test
    void cancelThenNotCancellable() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_c", pdfs("SammyMaystoneLinesTest.pdf"));
        String id = c.post("/extractions", submission("sub_c", "sess_c", ids, "Extract totals", Map.of())).body().path("extraction_id").asText();
        var req = c.post("/extractions/" + id + "/cancel", null);
        assertThat(req.body().path("cancellation_requested").asBoolean()).isTrue();
        JsonNode s = waitFinal(c, id);
        assertThat(s.path("status").asText()).isEqualTo("cancelled");
        assertThat(s.path("cancellation_reason").asText()).isEqualTo("user");
        assertThat(c.post("/extractions/" + id + "/cancel", null).body().path("status").asText()).isEqualTo("cancelled");
        String id2 = c.post("/extractions", submission("sub_c2", "sess_c", ids, "Extract totals", Map.of())).body().path("extraction_id").asText();
        waitFinal(c, id2);
        var no = c.post("/extractions/" + id2 + "/cancel", null);
        assertThat(no.status()).isEqualTo(409);
        assertThat(no.body().path("error").path("details").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void authAndUnknownPaths() throws Exception {
        try (SandboxServer s = new SandboxServer(SandboxConfig.builder().keys(java.util.Set.of("good"))
                .expiredKeys(java.util.Set.of("old")).revokedKeys(java.util.Set.of("gone")).build()).start()) {
            assertThat(new SandboxClient(s.baseUrl(), "good").get("/credits/balance").status()).isEqualTo(200);
            assertThat(new SandboxClient(s.baseUrl(), "bad").get("/credits/balance").body().path("error").path("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(new SandboxClient(s.baseUrl(), "old").get("/credits/balance").body().path("error").path("code").asText()).isEqualTo("API_KEY_EXPIRED");
            assertThat(new SandboxClient(s.baseUrl(), "gone").get("/credits/balance").body().path("error").path("code").asText()).isEqualTo("API_KEY_REVOKED");
            var nf = new SandboxClient(s.baseUrl(), "good").get("/nothing/here");
            assertThat(nf.status()).isEqualTo(404);
            assertThat(nf.body().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void unknownFieldIsInvalidInputWithIssues() throws Exception {
        SandboxClient c = client().allowingInvalidRequests();
        var r = c.post("/uploads/sessions", Map.of("upload_session_id", "s", "colour", "red", "files",
                List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 4))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(r.body().path("error").path("details").path("issues").get(0).path("path").toString()).isEqualTo("[\"colour\"]");
        assertThat(server.recorder().violations("invalid-request")).isNotEmpty();
    }

    @Test
    void schemaViolationsAreRefusedWithTheirPaths() throws Exception {
        SandboxClient c = client().allowingInvalidRequests();
        var badId = c.post("/uploads/sessions", Map.of("upload_session_id", "s 1", "files",
                List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 0))));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().path("error").path("details").path("issues").toString())
                .contains("[\"upload_session_id\"]").contains("[\"files\",0,\"file_size_bytes\"]");
        var badWait = c.get("/extractions/" + UUID.randomUUID() + "?wait=46");
        assertThat(badWait.status()).isEqualTo(400);
        assertThat(badWait.body().path("error").path("code").asText()).isEqualTo("INVALID_INPUT");
        var badPrompt = c.post("/extractions", Map.of("submission_id", "x", "upload_session_id", "s", "file_ids",
                List.of("f"), "task_name", "abc", "prompt", "", "output_structure", "per_invoice"));
        assertThat(badPrompt.status()).isEqualTo(400);
    }

    @Test
    void fastPollIsRecordedAsViolation() throws Exception {
        SandboxClient c = client();
        List<String> ids = c.upload("sess_p", pdfs("SammyMaystoneLinesTest.pdf"));
        String id = c.post("/extractions", submission("sub_p", "sess_p", ids, "Extract totals", Map.of())).body().path("extraction_id").asText();
        c.get("/extractions/" + id);
        c.get("/extractions/" + id);
        assertThat(server.recorder().violations("poll-too-fast")).anyMatch(v -> v.path().contains(id));
        waitFinal(c, id);
    }

    @Test
    void holdHookProcessesThenHoldsResponse() throws Exception {
        SandboxClient c = client();
        var held = server.hold("createUploadSession", "drop-response");
        Map<String, Object> body = Map.of("upload_session_id", "s_drop", "files",
                List.of(Map.of("file_id", "f", "file_name", "a.pdf", "file_size_bytes", 4)));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> c.post("/uploads/sessions", body));
        assertThat(held.get(5, java.util.concurrent.TimeUnit.SECONDS).operationId()).isEqualTo("createUploadSession");
        assertThat(server.state().account(c.key).creditsBalance()).isEqualTo(1000);
        assertThat(c.post("/uploads/sessions", body).status()).isEqualTo(200);
    }

    @Test
    void cliPrintsSandboxUrlFirst() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            SandboxMain.main(new String[]{"--help"});
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("SANDBOX_PART_SIZE").contains("--port");
        SandboxConfig cfg = SandboxMain.parse(List.of("--port", "0", "--part-size=1024"), Map.of("SANDBOX_PROCESSING_MILLIS", "5"));
        assertThat(cfg.partSize()).isEqualTo(1024);
        assertThat(cfg.processingMillis()).isEqualTo(5);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.invoiceroutes.sandbox.SandboxMain", "--port", "0")
                .redirectErrorStream(false).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertThat(first).matches("SANDBOX_URL=http://127\\.0\\.0\\.1:\\d+/v1");
            SandboxClient c = new SandboxClient(first.substring("SANDBOX_URL=".length()), "k");
            assertThat(c.get("/credits/balance").status()).isEqualTo(200);
        } finally {
            p.destroy();
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
