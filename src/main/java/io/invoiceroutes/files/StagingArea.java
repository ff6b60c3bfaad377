package io.invoiceroutes.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Moves files between the work dir's folders with atomic renames: inbox to staging, staging to archive or
 * to an error folder. Every target stays inside the work dir whatever the incoming name.
 */
public class StagingArea {
    private final Path workDir;

    public StagingArea(String workDir) {
        this.workDir = Path.of(workDir).toAbsolutePath().normalize();
    }

    /** Moves an accepted inbox file to staging as {@code <fileId>__<safe name>} and returns the staged path. */
    public String stage(String source, String fileId, String originalName) throws IOException {
        Path target = inside("staging").resolve(fileId + "__" + FileNames.safe(originalName));
        return move(Path.of(source), target).toString();
    }

    /** True when a listed file no longer exists (another instance sharing the inbox took it first). */
    public boolean isGone(String path) {
        return !Files.exists(Path.of(path));
    }

    /** Moves a staged file back into the inbox under its own name (unique there), to be ingested afresh. */
    public String backToInbox(String staged, String name) throws IOException {
        return moveUnique(Path.of(staged), inside("inbox"), FileNames.safe(name)).toString();
    }

    /**
     * Moves a file into {@code archive/<batch>/}, keeping its name unique there; returns the new path. Idempotent:
     * a file no longer in staging that is already in the archive was moved by a run that stopped before recording it.
     */
    public String archive(String staged, String batchId, String name) throws IOException {
        Path source = Path.of(staged);
        Path dir = inside("archive", batchId);
        if (!Files.exists(source)) {
            // a previous holder of the batch (its lease ran out, or it died) archived it already: done
            if (source.startsWith(dir)) {
                return source.toString();
            }
            Path archived = dir.resolve(FileNames.safe(name));
            if (Files.exists(archived)) {
                return archived.toString();
            }
            throw new IOException("staged file " + source + " is missing and not in " + dir + ": it cannot be archived");
        }
        return moveUnique(source, dir, FileNames.safe(name)).toString();
    }

    /** Moves a file into {@code errors/<class>/}, keeping its name unique there; returns the new file name. */
    public String quarantine(String source, String errorFolder, String name) throws IOException {
        Path src = Path.of(source);
        Path dir = inside("errors", errorFolder);
        if (!Files.exists(src)) {
            return FileNames.safe(name);
        }
        return moveUnique(src, dir, FileNames.safe(name)).getFileName().toString();
    }

    /** The absolute path of a folder under the work dir; refuses anything that would leave it. */
    public Path inside(String... parts) throws IOException {
        Path dir = workDir;
        for (String part : parts) {
            dir = dir.resolve(FileNames.safe(part).replace(' ', '_'));
        }
        dir = dir.normalize();
        if (!dir.startsWith(workDir)) {
            throw new IOException("refusing a path outside the work dir: " + dir);
        }
        Files.createDirectories(dir);
        return dir;
    }

    private Path moveUnique(Path source, Path dir, String name) throws IOException {
        for (int i = 1; ; i++) {
            String candidate = i == 1 ? name : FileNames.withCounter(name, i);
            try {
                return move(source, dir.resolve(candidate), false);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next name
            }
        }
    }

    private static Path move(Path source, Path target) throws IOException {
        return move(source, target, true);
    }

    private static Path move(Path source, Path target, boolean replace) throws IOException {
        Files.createDirectories(target.getParent());
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        try {
            return Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
