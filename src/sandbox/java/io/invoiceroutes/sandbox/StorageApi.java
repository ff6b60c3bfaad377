package io.invoiceroutes.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** S3-like presigned storage: PUT upload parts and GET output files, with signature and expiry checks. */
final class StorageApi {
    private final SandboxServer server;

    StorageApi(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        FaultInjector.Fault fault = server.faults().next(false);
        server.roundTrip().take();
        if (fault == FaultInjector.Fault.DROP_CONNECTION) {
            server.record(ex, 0, null);
            ex.close();
            return;
        }
        if (Http.header(ex, "Authorization") != null) {
            server.recorder().violation("authorization-to-storage",
                    "An Authorization header was sent to a signed storage URL; send no Authorization to presigned URLs",
                    method, path);
            s3Error(ex, 403, "InvalidRequest", "Requests to a presigned URL must not carry an Authorization header.");
            return;
        }
        String[] seg = path.split("/");
        boolean upload = seg.length == 7 && seg[2].equals("uploads") && method.equals("PUT");
        boolean download = seg.length == 6 && seg[2].equals("outputs") && (method.equals("GET") || method.equals("HEAD"));
        if (!upload && !download) {
            s3Error(ex, seg.length > 2 && seg[2].equals("outputs") || seg.length > 2 && seg[2].equals("uploads") ? 405 : 404,
                    "NoSuchKey", "No such object or method; use the URL and method exactly as issued.");
            return;
        }
        String bad = server.signer().verify(upload ? "PUT" : "GET", path, ex.getRequestURI().getRawQuery(), Instant.now());
        if (bad != null) {
            int colon = bad.indexOf(':');
            s3Error(ex, 403, bad.substring(0, colon), bad.substring(colon + 2));
            return;
        }
        Account a = server.state().byToken(seg[3]);
        if (a == null) {
            s3Error(ex, 404, "NoSuchKey", "The object does not exist.");
            return;
        }
        if (upload) {
            put(ex, a, seg[4], seg[5], seg[6]);
        } else {
            get(ex, a, seg[4], seg[5]);
        }
    }

    private void put(HttpExchange ex, Account a, String sessionId, String fileId, String partText) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String te = Http.header(ex, "Transfer-Encoding");
        if (te != null && te.toLowerCase().contains("chunked")) {
            server.recorder().violation("chunked-put", "PUT with Transfer-Encoding: chunked to a storage URL; send Content-Length", "PUT", path);
            s3Error(ex, 501, "NotImplemented", "A header you provided implies functionality that is not implemented: Transfer-Encoding. Send the part with a Content-Length.");
            return;
        }
        String cl = Http.header(ex, "Content-Length");
        long length;
        try {
            length = cl == null ? -1 : Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0) {
            server.recorder().violation("put-without-length", "PUT without Content-Length to a storage URL", "PUT", path);
            s3Error(ex, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
            return;
        }
        int part = Integer.parseInt(partText);
        UploadSession.UploadFile f;
        synchronized (a) {
            UploadSession s = a.sessions.get(sessionId);
            f = s == null ? null : s.files.get(fileId);
            if (f == null || f.completed) {
                s3Error(ex, 404, "NoSuchUpload", "The upload does not exist or was already completed.");
                return;
            }
        }
        Path dir = server.state().storage().resolve("parts").resolve(a.token).resolve(sessionId).resolve(fileId);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "part-" + part + "-", ".tmp");
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long copied = 0;
        try (InputStream in = new DigestInputStream(ex.getRequestBody(), md5); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                copied += n;
            }
        }
        if (copied != length) {
            Files.deleteIfExists(tmp);
            s3Error(ex, 400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            return;
        }
        String etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
        Path target = dir.resolve("part-" + part);
        synchronized (a) {
            if (f.completed) {
                Files.deleteIfExists(tmp);
                s3Error(ex, 404, "NoSuchUpload", "The upload was already completed.");
                return;
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            f.parts.put(part, new UploadSession.Part(target, etag, copied));
        }
        server.record(ex, 200, null);
        if (!heldOrDropped(ex, "storagePut", 200)) {
            Http.send(ex, 200, null, null, Map.of("ETag", etag));
        }
    }

    private void get(HttpExchange ex, Account a, String extractionId, String fileName) throws IOException {
        Path file;
        synchronized (a) {
            Extraction e = a.extractions.get(extractionId);
            String format = fileName.substring(fileName.lastIndexOf('.') + 1);
            file = e == null || e.deleted ? null : e.outputs.get(format);
        }
        if (file == null || !Files.exists(file)) {
            s3Error(ex, 404, "NoSuchKey", "The output file does not exist (deleted or never generated).");
            return;
        }
        String type = fileName.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : fileName.endsWith(".csv") ? "text/csv; charset=utf-8" : "application/json";
        server.record(ex, 200, null);
        if (heldOrDropped(ex, "storageGet", 200)) {
            return;
        }
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            long size = Files.size(file);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", String.valueOf(size));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            Instant started = Instant.now();
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(file, out);
            }
            server.recorder().timeline().outputDownloaded(extractionId, started);
        }
    }

    /** Crash-test hook: holds this response until released, or drops the connection (then true: nothing to send). */
    private boolean heldOrDropped(HttpExchange ex, String operation, int status) {
        String action = server.holds().claim(operation, status, ex.getRequestMethod(), ex.getRequestURI().getRawPath());
        if ("drop-response".equals(action)) {
            server.holds().dropped(operation);
            ex.close();
            return true;
        }
        if ("hold".equals(action)) {
            server.holds().awaitRelease(operation);
        }
        return false;
    }

    private void s3Error(HttpExchange ex, int status, String code, String message) throws IOException {
        server.record(ex, status, null);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
        Http.sendText(ex, status, "application/xml", xml);
    }
}
