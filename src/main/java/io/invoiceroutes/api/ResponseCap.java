package io.invoiceroutes.api;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Caps the bytes an HTTP endpoint reads from one answer, counted after gzip/deflate decoding (the HTTP client
 * decodes on the fly, so a few kilobytes can unpack without end): past the cap the connection is dropped, not
 * drained, and the read fails with {@link AnswerTooLargeException}. Used as an endpoint's httpClientConfigurer.
 */
public class ResponseCap implements HttpClientConfigurer {
    private final long maxBytes;
    private final String what;
    private final String setting;

    /** {@code what}: the answer's description in the error ("the API answer"); {@code setting}: the cap's setting. */
    public ResponseCap(long maxBytes, String what, String setting) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1");
        }
        this.maxBytes = maxBytes;
        this.what = what;
        this.setting = setting;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // first in the chain, so it sees the answer last: decoded by the content-compression step
        builder.addExecInterceptorFirst("response-cap", (request, scope, chain) -> cap(chain.proceed(request, scope), scope));
    }

    private ClassicHttpResponse cap(ClassicHttpResponse response, ExecChain.Scope scope) {
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            response.setEntity(new CappedEntity(entity, scope.execRuntime));
        }
        return response;
    }

    /** An answer longer than the cap: refused, never read whole. */
    public static class AnswerTooLargeException extends IOException {
        public AnswerTooLargeException(String message) {
            super(message);
        }
    }

    private final class CappedEntity extends HttpEntityWrapper {
        private final ExecRuntime runtime;

        CappedEntity(HttpEntity wrapped, ExecRuntime runtime) {
            super(wrapped);
            this.runtime = runtime;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new CappedStream(super.getContent(), runtime);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }

    private final class CappedStream extends FilterInputStream {
        private final ExecRuntime runtime;
        private long count;

        CappedStream(InputStream in, ExecRuntime runtime) {
            super(in);
            this.runtime = runtime;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > maxBytes) {
                // drop the connection: closing the stream would otherwise read the rest of a hostile answer
                runtime.discardEndpoint();
                throw new AnswerTooLargeException(what + " is longer than " + maxBytes + " bytes once decoded (" + setting
                        + "); it was not read further");
            }
        }
    }
}
