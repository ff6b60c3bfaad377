package io.invoiceroutes.store;

import io.invoiceroutes.files.StagingArea;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.InflightRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What start-up recovery and the lease keeper need to know: when this process started, which files sat in
 * staging before it could stage any (a crash between the move and the insert leaves such orphans; the staged
 * name carries the file id), and which batches this process is working on right now (to renew their leases).
 */
public class Recovery {
    private static final Pattern STAGED = Pattern.compile("(file_[0-9a-f]+)__(.+)");

    private final Timestamp startedAt = new Timestamp(System.currentTimeMillis());
    private final List<Map<String, Object>> stagedAtStart;

    public Recovery(StagingArea stagingArea) {
        this.stagedAtStart = listStaged(stagingArea);
    }

    /** When this process started: rows older than this were left by an earlier process. */
    public Timestamp startedAt() {
        return startedAt;
    }

    /** Now minus the given seconds: a batch with no state change since then is making no progress. */
    public Timestamp secondsAgo(long seconds) {
        return new Timestamp(System.currentTimeMillis() - seconds * 1000L);
    }

    /** Staged files found when this process started: fileId, fileName, stagedPath and sizeBytes of each. */
    public List<Map<String, Object>> stagedAtStart() {
        return stagedAtStart;
    }

    private static List<Map<String, Object>> listStaged(StagingArea stagingArea) {
        try {
            Path staging = stagingArea.inside("staging");
            List<Map<String, Object>> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    Matcher m = STAGED.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("fileId", m.group(1));
                        row.put("fileName", m.group(2));
                        row.put("stagedPath", p.toString());
                        row.put("sizeBytes", Files.size(p));
                        found.add(row);
                    }
                }
            }
            return List.copyOf(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
