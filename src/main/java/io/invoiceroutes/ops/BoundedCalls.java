package io.invoiceroutes.ops;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the job store for probes and scrapes on threads of their own with a time limit, so they answer within
 * seconds while the database hangs (the pool would wait far longer for a connection).
 */
public class BoundedCalls {
    private final long timeoutMs;
    private final ExecutorService pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64),
            r -> {
                Thread t = new Thread(r, "ops-job-store");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());

    public BoundedCalls(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** The answer within the time limit; a TimeoutException after it, or the question's own failure. */
    public <T> T call(Callable<T> question) throws TimeoutException, Exception {
        Future<T> answer = pool.submit(question);
        try {
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
