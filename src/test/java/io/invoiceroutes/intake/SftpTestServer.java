package io.invoiceroutes.intake;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Apache MINA SSHD SFTP server on 127.0.0.1 (port 0 or a given one), password login, files rooted in a local
 * folder. It counts the bytes each client read of each file (so a test sees a file fetched twice) and can hold
 * remote moves.
 */
public final class SftpTestServer implements AutoCloseable {
    public static final String USER = "scanner";
    public static final String PASSWORD = "pw-7f3a-test";
    public final Path root;
    private final SshServer server;
    private final KeyPair hostKey;
    private final Map<String, AtomicLong> bytesRead = new ConcurrentHashMap<>();
    private volatile CountDownLatch moveGate;

    private SftpTestServer(Path root, SshServer server, KeyPair hostKey) {
        this.root = root;
        this.server = server;
        this.hostKey = hostKey;
    }

    public static SftpTestServer start(Path root, Path hostKeyFile) throws Exception {
        return start(root, hostKeyFile, 0);
    }

    /** On a given port (0 = any free one): a test can stop a server and start it again where clients expect it. */
    public static SftpTestServer start(Path root, Path hostKeyFile, int port) throws Exception {
        Files.createDirectories(root);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        KeyPair hostKey = keys.loadKeys(null).iterator().next();
        SftpTestServer test = new SftpTestServer(root, server, hostKey);
        sftp.addSftpEventListener(test.new Watcher());
        server.start();
        return test;
    }

    public int port() {
        return server.getPort();
    }

    /** Writes a known_hosts file that trusts exactly this server's host key at its loopback address and port. */
    public Path knownHosts(Path file) throws IOException {
        String line = "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
        return Files.writeString(file, line);
    }

    /** How many bytes clients have read of the file with this name (in any folder), over all sessions. */
    public long bytesRead(String fileName) {
        AtomicLong n = bytesRead.get(fileName);
        return n == null ? 0 : n.get();
    }

    /** From now on every remote move (rename) waits until {@link #openMoves()}. */
    public void holdMoves() {
        moveGate = new CountDownLatch(1);
    }

    public void openMoves() {
        CountDownLatch gate = moveGate;
        moveGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        openMoves();
        server.stop(true);
    }

    private final class Watcher implements SftpEventListener {
        @Override
        public void read(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                         int dataOffset, int dataLen, int readLen, Throwable thrown) {
            if (readLen > 0) {
                bytesRead.computeIfAbsent(localHandle.getFile().getFileName().toString(), k -> new AtomicLong())
                        .addAndGet(readLen);
            }
        }

        @Override
        public void moving(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts) throws IOException {
            CountDownLatch gate = moveGate;
            if (gate != null) {
                try {
                    // bounded: a test that forgets to open the gate fails the move instead of hanging
                    if (!gate.await(120, TimeUnit.SECONDS)) {
                        throw new IOException("remote move held too long");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while a remote move was held", e);
                }
            }
        }
    }
}
