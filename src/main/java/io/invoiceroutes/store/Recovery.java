package io.invoiceroutes.store;

import io.invoiceroutes.files.StagingArea;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The staged files recovery looks at: files in staging older than the orphan age (a crash, or a failed insert,
 * between the move and the record leaves such files; the staged name carries the file id).
 */
public class Recovery {
    private static final Pattern STAGED = Pattern.compile("(file_[0-9a-f]+)__(.+)");
    private final StagingArea stagingArea;

    public Recovery(StagingArea stagingArea) {
        this.stagingArea = stagingArea;
    }

    /** Staged files untouched for {@code orphanAgeMs}: fileId, fileName, stagedPath and sizeBytes of each. */
    public List<Map<String, Object>> unrecordedStaged(long orphanAgeMs) {
        try {
            Path staging = stagingArea.inside("staging");
            long before = System.currentTimeMillis() - orphanAgeMs;
            List<Map<String, Object>> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    Matcher m = STAGED.matcher(p.getFileName().toString());
                    if (m.matches() && Files.getLastModifiedTime(p).toMillis() < before) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("fileId", m.group(1));
                        row.put("fileName", m.group(2));
                        row.put("stagedPath", p.toString());
                        row.put("sizeBytes", Files.size(p));
                        found.add(row);
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
