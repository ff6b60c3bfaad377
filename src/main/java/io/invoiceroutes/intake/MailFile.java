package io.invoiceroutes.intake;

/** One usable attachment of a mail message: the name it gets in the inbox and its bytes. */
public final class MailFile {
    private final String name;
    private final byte[] content;

    public MailFile(String name, byte[] content) {
        this.name = name;
        this.content = content;
    }

    public String getName() {
        return name;
    }

    public byte[] getContent() {
        return content;
    }
}
