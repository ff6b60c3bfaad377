package io.invoiceroutes.intake;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import javax.sql.DataSource;

/** Binds the beans of the intake channels (SFTP, mailbox); kept apart from the pipeline's own wiring. */
public class IntakeConfiguration implements CamelConfiguration {
    /** The processorName rows of each channel carry in CAMEL_MESSAGEPROCESSED. */
    static final String SFTP_CHANNEL = "sftp-intake";
    static final String MAIL_CHANNEL = "mail-intake";

    @PropertyInject("invoice.work-dir")
    private String workDir;
    @PropertyInject(value = "invoice.mail.min-inline-image-bytes", defaultValue = "20000")
    private long minInlineImageBytes;
    @BeanInject("jobDataSource")
    private DataSource jobDataSource;

    /** What the SFTP channel has fetched, in the job store, so a restart never fetches a file twice. */
    @BindToRegistry
    public JdbcMessageIdRepository sftpIntakeRepository() {
        return repository(SFTP_CHANNEL);
    }

    /** The messages the mailbox channel has delivered, by Message-ID, so a restart never delivers one twice. */
    @BindToRegistry
    public JdbcMessageIdRepository mailIntakeRepository() {
        return repository(MAIL_CHANNEL);
    }

    @BindToRegistry
    public MailAttachments mailAttachments() {
        return new MailAttachments(minInlineImageBytes);
    }

    @BindToRegistry
    public InboxNames inboxNames() {
        return new InboxNames(workDir);
    }

    private JdbcMessageIdRepository repository(String channel) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(jobDataSource, channel);
        // the table comes from the Flyway migration V2__intake_channels.sql, with room for long keys
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
