package io.invoiceroutes;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Replaces every secret (the API key, the webhook secret, passwords, passphrases, tokens) with {@code ******} in
 * all the process writes to stdout, stderr and slf4j-simple's log file: a library logging at DEBUG (HttpClient's
 * header and wire loggers print the Authorization header) can then not put a secret into any log.
 */
public final class MaskedConsole {
    static final String MASK = "******";
    /** slf4j-simple's setting for a log file instead of stderr. */
    static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";
    private static final List<String> SECRET_SUFFIXES = List.of("KEY", "SECRET", "PASSWORD", "PASSPHRASE", "TOKEN");
    private static final int MIN_LENGTH = 4;

    private MaskedConsole() {
    }

    /** Masks stdout and stderr from now on; call before anything logs. */
    public static void install(Path propertiesFile, Map<String, String> env) throws IOException {
        List<byte[]> secrets = secrets(PropertiesFile.load(propertiesFile), env);
        System.setOut(masked(new FileOutputStream(java.io.FileDescriptor.out), secrets));
        System.setErr(masked(new FileOutputStream(java.io.FileDescriptor.err), secrets));
        String logFile = System.getProperty(LOG_FILE);
        if (logFile != null && !logFile.isBlank() && !logFile.equals("System.err") && !logFile.equals("System.out")) {
            // slf4j-simple would open the file itself, unmasked: the log goes through a masked stream of ours instead
            System.setErr(masked(new FileOutputStream(logFile, true), secrets));
            System.setProperty(LOG_FILE, "System.err");
        }
    }

    /**
     * The values to mask: every {@code INVOICE_*} variable and every property whose name ends in key, secret,
     * password, passphrase or token (not a key file), at least four characters long, longest first.
     */
    static List<byte[]> secrets(Properties props, Map<String, String> env) {
        Set<String> values = new LinkedHashSet<>();
        env.forEach((name, value) -> {
            if (name.startsWith("INVOICE_") && secretName(name)) {
                values.add(value == null ? "" : value.trim());
            }
        });
        for (String name : props.stringPropertyNames()) {
            if (secretName(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))) {
                values.add(props.getProperty(name, "").trim());
            }
        }
        List<byte[]> out = new ArrayList<>();
        values.stream().filter(v -> v.length() >= MIN_LENGTH).sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(v -> out.add(v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static boolean secretName(String upperName) {
        return SECRET_SUFFIXES.stream().anyMatch(s -> upperName.endsWith("_" + s) || upperName.equals(s));
    }

    static PrintStream masked(OutputStream target, List<byte[]> secrets) {
        return new PrintStream(new MaskingStream(target, secrets), true, StandardCharsets.UTF_8);
    }


    /** Writes whole lines with the secrets replaced; a line is held until its end so no secret is split. */
    static final class MaskingStream extends OutputStream {
        private static final int MAX_HELD = 1024 * 1024;
        private final OutputStream target;
        private final List<byte[]> secrets;
        private final int longest;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        MaskingStream(OutputStream target, List<byte[]> secrets) {
            this.target = target;
            this.secrets = secrets;
            this.longest = secrets.stream().mapToInt(s -> s.length).max().orElse(0);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n' || line.size() > MAX_HELD) {
                emit(b == '\n');
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            target.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            emit(true);
            target.close();
        }

        /**
         * Writes the held bytes masked: all of them at a line's end, else all but the last (longest secret - 1),
         * which may be the start of a secret still being written.
         */
        private void emit(boolean all) throws IOException {
            byte[] masked = mask(line.toByteArray(), secrets);
            int n = all ? masked.length : Math.max(0, masked.length - Math.max(0, longest - 1));
            target.write(masked, 0, n);
            line.reset();
            line.write(masked, n, masked.length - n);
            target.flush();
        }
    }

    static byte[] mask(byte[] text, List<byte[]> secrets) {
        byte[] current = text;
        byte[] replacement = MASK.getBytes(StandardCharsets.UTF_8);
        for (byte[] secret : secrets) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(current.length);
            int i = 0;
            while (i < current.length) {
                if (startsAt(current, i, secret)) {
                    out.write(replacement, 0, replacement.length);
                    i += secret.length;
                } else {
                    out.write(current[i++]);
                }
            }
            current = out.toByteArray();
        }
        return current;
    }

    private static boolean startsAt(byte[] text, int at, byte[] secret) {
        if (at + secret.length > text.length) {
            return false;
        }
        for (int j = 0; j < secret.length; j++) {
            if (text[at + j] != secret[j]) {
                return false;
            }
        }
        return true;
    }
}
