package io.invoiceroutes.intake;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/** An Apache MINA SSHD SFTP server on 127.0.0.1 (port 0), password login, files rooted in a local folder. */
public final class SftpTestServer implements AutoCloseable {
    public static final String USER = "scanner";
    public static final String PASSWORD = "pw-7f3a-test";
    public final Path root;
    private final SshServer server;
    private final KeyPair hostKey;

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
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        KeyPair hostKey = keys.loadKeys(null).iterator().next();
        return new SftpTestServer(root, server, hostKey);
    }

    public int port() {
        return server.getPort();
    }

    /** Writes a known_hosts file that trusts exactly this server's host key at its loopback address and port. */
    public Path knownHosts(Path file) throws IOException {
        String line = "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
        return Files.writeString(file, line);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
