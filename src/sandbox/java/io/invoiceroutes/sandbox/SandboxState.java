package io.invoiceroutes.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** All accounts of the sandbox, keyed by API key, plus the on-disk storage folder. */
public final class SandboxState {
    private final SandboxConfig config;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Path storage;

    SandboxState(SandboxConfig config) {
        this.config = config;
        try {
            this.storage = config.storageDir() != null
                    ? Files.createDirectories(config.storageDir())
                    : Files.createTempDirectory("invoice-sandbox-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Account account(String key) {
        return accounts.computeIfAbsent(key, k -> new Account(k, config.startingCredits()));
    }

    /** Sets the total credit balance of the account of this key. */
    public void setCredits(String key, long balance) {
        Account a = account(key);
        synchronized (a) {
            a.creditsBalance = balance;
        }
    }

    public long credits(String key) {
        return account(key).creditsBalance();
    }

    public long reserved(String key) {
        return account(key).creditsReserved();
    }

    /** The account whose storage token this is, or null. */
    Account byToken(String token) {
        for (Account a : accounts.values()) {
            if (a.token.equals(token)) {
                return a;
            }
        }
        return null;
    }

    public Path storage() {
        return storage;
    }

    Iterable<Account> accounts() {
        return accounts.values();
    }

    /** Forgets every account (sessions, extractions, credits). */
    public void reset() {
        accounts.values().forEach(a -> {
            synchronized (a) {
                a.notifyAll();
            }
        });
        accounts.clear();
    }

    void deleteStorage() {
        if (config.storageDir() != null) {
            return;
        }
        try (Stream<Path> s = Files.walk(storage)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort clean-up of a temp folder
        }
    }
}
