package io.invoiceroutes.pipeline;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A download server on loopback whose every answer is a gzip bomb: {@code Content-Encoding: gzip}, a couple of
 * megabytes on the wire that unpack to {@link #UNPACKED} bytes of zeros (concatenated gzip members, as a decoder reads
 * them). It counts the requests and the bytes it managed to send.
 */
final class GzipBomb implements AutoCloseable {
    private static final int MEMBER_UNPACKED = 16 * 1024 * 1024;
    private static final int MEMBERS = 128;
    /** What one answer unpacks to: 2 GiB. */
    static final long UNPACKED = (long) MEMBER_UNPACKED * MEMBERS;
    final AtomicInteger requests = new AtomicInteger();
    private final byte[] member = member();
    private final HttpServer server;

    GzipBomb() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, (long) member.length * MEMBERS);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < MEMBERS; i++) {
                    out.write(member);
                }
            } catch (IOException clientGaveUp) {
                // the client stopped reading: that is the point
            }
            exchange.close();
        });
        server.start();
    }

    /** A URL on this server (any path, any query). */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The bomb as bytes, for an answer served elsewhere. */
    byte[] bytes(int members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < members; i++) {
            out.writeBytes(member);
        }
        return out.toByteArray();
    }

    private static byte[] member() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < MEMBER_UNPACKED / zeros.length; i++) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
