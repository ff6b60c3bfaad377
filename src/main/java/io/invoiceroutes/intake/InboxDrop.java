package io.invoiceroutes.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.invoiceroutes.files.FileNames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How one claimed item (a remote file, a message's attachments) reaches the inbox whole and once, across crashes:
 * its files are written into a hidden folder of the inbox ({@code .sftp-<hash>/}, {@code .mail-<hash>/}, which ingest
 * never reads), synced, then a manifest is written (the "all written" mark); only then is each file linked into the
 * inbox under a free name and its temporary name removed. The folder goes once the claim records the item as done.
 * <p>
 * After a crash the next holder of the claim finds the folder: without a manifest it is cleared and written again;
 * with one, only what is left is placed. A file whose temporary name still has a second link was already placed
 * (the process stopped between the link and the removal), so it is never placed twice.
 */
public final class InboxDrop {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = ".manifest.json";
    private static final int COPY_BUFFER = 64 * 1024;
    private static final int MAX_COUNTER = 10_000;
    /** How {@link #place()} names a file a previous holder placed (its name in the inbox is not known any more). */
    public static final String PLACED_EARLIER = "(placed earlier) ";

    /** One file of the item: its temporary name in the drop folder, the name it should get, and its size. */
    public record Entry(String part, String name, long bytes) {
    }

    private final Path inbox;
    private final Path dir;

    public InboxDrop(Path inbox, String channel, String key) {
        this.inbox = inbox;
        this.dir = inbox.resolve("." + channel + "-" + IntakeClaims.sha256(key).substring(0, 24));
    }

    public Path dir() {
        return dir;
    }

    /** True when every file of the item is written and the manifest says so (only placing may be left). */
    public boolean sealed() {
        return Files.exists(dir.resolve(MANIFEST));
    }

    /** Removes a half-written attempt and makes the folder ready for a new one. */
    public void reset() throws IOException {
        discard();
        Files.createDirectories(dir);
    }

    /**
     * Streams {@code in} into the temporary file {@code part}, synced to disk, and returns the bytes written: never
     * more than one buffer of it in memory.
     */
    public long write(String part, InputStream in) throws IOException {
        Path target = dir.resolve(part);
        long total = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                total += n;
            }
            out.force(true);
        }
        return total;
    }

    /** Deletes one temporary file that turned out not to be wanted (a small inline image). */
    public void drop(String part) throws IOException {
        Files.deleteIfExists(dir.resolve(part));
    }

    /** Marks the item as completely written: its files and anything the route needs later ({@code extra}). */
    public void seal(List<Entry> entries, Map<String, Object> extra) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("files", entries);
        manifest.put("extra", extra);
        Path temp = dir.resolve(MANIFEST + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(manifest)));
            out.force(true);
        }
        Files.move(temp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    /** The files the manifest lists, in order. */
    public List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Object e : (List<?>) manifest().get("files")) {
            Map<?, ?> m = (Map<?, ?>) e;
            entries.add(new Entry((String) m.get("part"), (String) m.get("name"), ((Number) m.get("bytes")).longValue()));
        }
        return entries;
    }

    /** What the route stored with the manifest. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> extra() throws IOException {
        Object extra = manifest().get("extra");
        return extra == null ? Map.of() : (Map<String, Object>) extra;
    }

    private Map<?, ?> manifest() throws IOException {
        return JSON.readValue(dir.resolve(MANIFEST).toFile(), Map.class);
    }

    /**
     * Links every file not yet placed into the inbox under its name (made unique there with " (2)", ...), then removes
     * its temporary name. Returns the inbox names placed now, or "(placed earlier)" for a file a previous holder
     * placed. Never replaces a file already in the inbox, even one another instance placed a moment before.
     */
    public List<String> place() throws IOException {
        List<String> placed = new ArrayList<>();
        for (Entry entry : entries()) {
            Path temp = dir.resolve(entry.part());
            if (!Files.exists(temp)) {
                placed.add(PLACED_EARLIER + entry.name());
            } else if (linkCount(temp) > 1) {
                // linked into the inbox before a crash, temporary name not yet removed
                Files.delete(temp);
                placed.add(PLACED_EARLIER + entry.name());
            } else {
                placed.add(placeOne(temp, entry.name()));
            }
        }
        syncDirectory(inbox);
        return placed;
    }

    /** Removes the drop folder (the claim records the item as done, or nothing of it may reach the inbox). */
    public void discard() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String placeOne(Path temp, String name) throws IOException {
        String safe = FileNames.safe(name);
        for (int n = 1; n <= MAX_COUNTER; n++) {
            String candidate = n == 1 ? safe : FileNames.withCounter(safe, n);
            Path target = inbox.resolve(candidate);
            try {
                // a hard link fails when the name is taken (a rename would silently replace it)
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                if (Files.exists(target)) {
                    continue;
                }
                moveInto(temp, target);
                return candidate;
            }
            Files.delete(temp);
            return candidate;
        }
        throw new IOException("no free inbox name for " + safe);
    }

    /** For file systems without hard links: a rename after a look (an instance racing for the same name may win). */
    private static void moveInto(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target);
        }
    }

    private static int linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1;
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform syncs a directory; the renames are still atomic
        }
    }
}
