package io.invoiceroutes.intake;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP channel's read lock: a remote file is taken only once it is unchanged since it was listed and its time
 * stamp is at least min-age old (SFTP offers no real lock), and only by the instance that then claims it in the job
 * store ({@link IntakeClaims}). Both happen before a byte of it is read; an instance that does not get the claim
 * leaves the file alone. The claim is released when the exchange fails, and kept (as DONE) when it completes.
 */
public class SftpClaimLock implements GenericFileExclusiveReadLockStrategy<SftpRemoteFile<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(SftpClaimLock.class);

    private final IntakeClaims claims;
    private final long minAgeMs;
    private long checkIntervalMs;
    private long timeoutMs;

    public SftpClaimLock(IntakeClaims claims, long minAgeMs, long checkIntervalMs, long timeoutMs) {
        this.claims = claims;
        this.minAgeMs = minAgeMs;
        this.checkIntervalMs = checkIntervalMs;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<SftpRemoteFile<?>> operations,
                                 GenericFileEndpoint<SftpRemoteFile<?>> endpoint) {
        // nothing is left behind on the server by this lock
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<SftpRemoteFile<?>> operations,
                                            GenericFile<SftpRemoteFile<?>> file, Exchange exchange) throws Exception {
        if (!settled(operations, file)) {
            return false;
        }
        String key = key(exchange);
        if (!claims.add(key)) {
            LOG.debug("{} is claimed by another instance or already delivered", file.getFileName());
            return false;
        }
        return true;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<SftpRemoteFile<?>> operations,
                                                GenericFile<SftpRemoteFile<?>> file, Exchange exchange) {
        claims.release(key(exchange));
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<SftpRemoteFile<?>> operations,
                                                   GenericFile<SftpRemoteFile<?>> file, Exchange exchange) {
        claims.release(key(exchange));
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<SftpRemoteFile<?>> operations,
                                                 GenericFile<SftpRemoteFile<?>> file, Exchange exchange) {
        claims.release(key(exchange));
    }

    /**
     * True once the file, listed again, still has the size and time stamp it was listed with and that time stamp
     * is min-age old; false when it changed (the next poll sees it anew), vanished, or stays young past the timeout.
     */
    private boolean settled(GenericFileOperations<SftpRemoteFile<?>> operations, GenericFile<SftpRemoteFile<?>> file)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            SftpRemoteFile<?> now = stat(operations, file);
            if (now == null || now.getFileLength() != file.getFileLength() || now.getLastModified() != file.getLastModified()) {
                LOG.debug("{} changed since it was listed; it is looked at again at the next poll", file.getFileName());
                return false;
            }
            if (now.getLastModified() <= System.currentTimeMillis() - minAgeMs) {
                return true;
            }
            if (System.currentTimeMillis() + checkIntervalMs > deadline) {
                LOG.debug("{} is still younger than {} ms; it is looked at again at the next poll", file.getFileName(), minAgeMs);
                return false;
            }
            Thread.sleep(checkIntervalMs);
        }
    }

    private static SftpRemoteFile<?> stat(GenericFileOperations<SftpRemoteFile<?>> operations,
                                          GenericFile<SftpRemoteFile<?>> file) {
        String parent = file.getParent();
        SftpRemoteFile<?>[] listing = parent == null || parent.equals("/") || parent.equals("\\")
                ? operations.listFiles() : operations.listFiles(parent);
        for (SftpRemoteFile<?> candidate : listing) {
            if (candidate.getFilename().equals(file.getFileNameOnly())) {
                return candidate;
            }
        }
        return null;
    }

    /** The consumer's own key for the file (its idempotentKey: name, time stamp, size), so both speak of one row. */
    private static String key(Exchange exchange) {
        GenericFileEndpoint<?> endpoint = (GenericFileEndpoint<?>) exchange.getFromEndpoint();
        return endpoint.getIdempotentKey().evaluate(exchange, String.class);
    }

    @Override
    public void setTimeout(long timeout) {
        this.timeoutMs = timeout;
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        this.checkIntervalMs = checkInterval;
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // this lock logs at DEBUG only: a file not ready yet is normal
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // no marker files on the server
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // no lock files on the server
    }
}
