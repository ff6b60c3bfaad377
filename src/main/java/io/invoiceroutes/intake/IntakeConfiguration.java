package io.invoiceroutes.intake;

import io.invoiceroutes.store.Leases;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import javax.sql.DataSource;

/** Binds the beans of the intake channels (SFTP, mailbox); kept apart from the pipeline's own wiring. */
public class IntakeConfiguration implements CamelConfiguration {
    @PropertyInject("invoice.work-dir")
    private String workDir;
    @PropertyInject(value = "invoice.intake.claim-seconds", defaultValue = "120")
    private long claimSeconds;
    @PropertyInject(value = "invoice.intake.claim-renew-ms", defaultValue = "30000")
    private long claimRenewMs;
    @PropertyInject(value = "invoice.mail.min-inline-image-bytes", defaultValue = "20000")
    private long minInlineImageBytes;
    @PropertyInject(value = "invoice.mail.take", defaultValue = "unseen")
    private String mailTake;
    @PropertyInject(value = "invoice.mail.max-attempts", defaultValue = "5")
    private int mailMaxAttempts;
    @PropertyInject(value = "invoice.sftp.after", defaultValue = "move")
    private String sftpAfter;
    @PropertyInject(value = "invoice.sftp.min-age-ms", defaultValue = "5000")
    private long sftpMinAgeMs;
    @PropertyInject(value = "invoice.sftp.read-lock-check-ms", defaultValue = "1000")
    private long sftpCheckMs;
    @PropertyInject(value = "invoice.sftp.read-lock-timeout-ms", defaultValue = "30000")
    private long sftpTimeoutMs;
    @BeanInject("jobDataSource")
    private DataSource jobDataSource;
    @BeanInject("leases")
    private Leases leases;

    private IntakeClaims sftpClaims;
    private IntakeClaims mailClaims;

    /**
     * The SFTP channel's claims. A file delivered before is taken again only when it should leave the server
     * (after = move or delete) and is still there, so the consumer moves or deletes it without fetching it again.
     */
    @BindToRegistry
    public synchronized IntakeClaims sftpClaims() {
        if (sftpClaims == null) {
            sftpClaims = new IntakeClaims(jobDataSource, SftpIntake.CHANNEL, leases.owner(), claimSeconds * 1000, claimRenewMs,
                    !"keep".equals(sftpAfter), false);
        }
        return sftpClaims;
    }

    /**
     * The mailbox channel's claims. With take = unseen a handled message listed again (unread again) is taken again:
     * a delivered one is only flagged, a failed one is tried anew. With take = all the job store alone decides.
     */
    @BindToRegistry
    public synchronized IntakeClaims mailClaims() {
        if (mailClaims == null) {
            boolean unseen = takesUnseenOnly();
            mailClaims = new IntakeClaims(jobDataSource, MailIntake.CHANNEL, leases.owner(), claimSeconds * 1000, claimRenewMs,
                    unseen, unseen);
        }
        return mailClaims;
    }

    @BindToRegistry
    public SftpClaimLock sftpClaimLock() {
        return new SftpClaimLock(sftpClaims(), sftpMinAgeMs, sftpCheckMs, sftpTimeoutMs);
    }

    @BindToRegistry
    public SftpIntake sftpIntake() {
        return new SftpIntake(workDir, sftpClaims());
    }

    @BindToRegistry
    public MailKeys mailKeys() {
        return new MailKeys();
    }

    @BindToRegistry
    public MailIntake mailIntake() {
        return new MailIntake(workDir, mailClaims(), new MailAttachments(minInlineImageBytes), mailMaxAttempts, takesUnseenOnly());
    }

    private boolean takesUnseenOnly() {
        if (!"unseen".equals(mailTake) && !"all".equals(mailTake)) {
            throw new IllegalArgumentException("invoice.mail.take must be unseen or all, not '" + mailTake + "'");
        }
        return "unseen".equals(mailTake);
    }

    /** The claims renew their leases on a thread of their own, started and stopped with the context. */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        for (IntakeClaims claims : new IntakeClaims[] {sftpClaims(), mailClaims()}) {
            claims.setCamelContext(camelContext);
            camelContext.addService(claims, true, true);
        }
    }
}
