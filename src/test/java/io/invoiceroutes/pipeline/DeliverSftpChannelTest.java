package io.invoiceroutes.pipeline;

import io.invoiceroutes.sandbox.SandboxConfig;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The SFTP channel: the configured outbox files reach an embedded SFTP server complete, never under a partial name. */
class DeliverSftpChannelTest {
    private static final String USER = "erp";
    private static final String PASSWORD = "sftp-test-pw";

    @Test
    void configured_result_files_arrive_complete_on_the_sftp_server(@TempDir Path work, @TempDir Path remote)
            throws Exception {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(work.resolve("hostkey.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        List<String> renames = new CopyOnWriteArrayList<>();
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void moved(ServerSession session, Path src, Path dst, Collection<CopyOption> opts, Throwable thrown) {
                renames.add(src.getFileName() + ">" + dst.getFileName());
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(remote));
        sshd.start();
        Map<String, String> props = new HashMap<>();
        props.put("invoice.deliver.channels", "sftp");
        props.put("invoice.deliver.sftp.host", "127.0.0.1");
        props.put("invoice.deliver.sftp.port", String.valueOf(sshd.getPort()));
        props.put("invoice.deliver.sftp.username", USER);
        props.put("invoice.deliver.sftp.password", PASSWORD);
        props.put("invoice.deliver.sftp.strict-host-key-checking", "no");
        props.put("invoice.deliver.sftp.files", "results.csv,results.xlsx,extraction.json");
        try (PipelineHarness pipeline = PipelineHarness.start(work, SandboxConfig.builder().processingMillis(500), props)) {
            List<Path> samples = PipelineHarness.samplePdfs().subList(0, 2);
            for (Path sample : samples) {
                pipeline.drop(sample, sample.getFileName().toString());
            }
            pipeline.awaitBatches("DELIVERED", 1, Duration.ofSeconds(40));
            String batchId = (String) pipeline.query("select batch_id from batch").get(0).get("batch_id");
            Path outbox = work.resolve("outbox").resolve(batchId);
            Path uploaded = remote.resolve("outbox").resolve(batchId);

            assertThat(PipelineHarness.files(uploaded)).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("results.csv", "results.xlsx", "extraction.json");
            for (String name : List.of("results.csv", "results.xlsx", "extraction.json")) {
                assertThat(Files.readAllBytes(uploaded.resolve(name))).as(name).isEqualTo(Files.readAllBytes(outbox.resolve(name)));
            }
            // each file was written under a temp name and renamed once complete
            assertThat(renames).containsExactlyInAnyOrder(".tmp-results.csv>results.csv", ".tmp-results.xlsx>results.xlsx",
                    ".tmp-extraction.json>extraction.json");
            assertThat(PipelineHarness.files(remote)).noneMatch(p -> p.getFileName().toString().startsWith(".tmp-"));
        } finally {
            sshd.stop(true);
        }
    }
}
