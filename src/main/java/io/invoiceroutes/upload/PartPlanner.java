package io.invoiceroutes.upload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Splits a file into the parts the API asks for and groups part numbers into URL requests. */
public class PartPlanner {
    /** Contract: at most 10,000 parts per file. */
    static final int MAX_PARTS = 10_000;

    /** The parts of a file of {@code sizeBytes} at {@code partSize}: ceil(size / partSize), the last one shorter. */
    public List<PartRange> plan(long sizeBytes, long partSize) {
        if (sizeBytes < 1) {
            throw new IllegalArgumentException("a file must have at least one byte, got " + sizeBytes);
        }
        if (partSize < 1) {
            throw new IllegalArgumentException("part size must be positive, got " + partSize);
        }
        long count = (sizeBytes + partSize - 1) / partSize;
        if (count > MAX_PARTS) {
            throw new IllegalArgumentException("file of " + sizeBytes + " bytes needs " + count
                    + " parts at part size " + partSize + "; the API allows " + MAX_PARTS);
        }
        List<PartRange> parts = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long offset = i * partSize;
            parts.add(new PartRange(i + 1, offset, Math.min(partSize, sizeBytes - offset)));
        }
        return parts;
    }

    /** The parts of the plan that have no recorded ETag yet (a resumed upload sends only these). */
    public List<PartRange> missing(long sizeBytes, long partSize, Collection<Map<String, Object>> uploadedRows) {
        Set<Integer> done = uploadedRows.stream()
                .map(row -> ((Number) row.get("part_number")).intValue())
                .collect(Collectors.toSet());
        return plan(sizeBytes, partSize).stream().filter(p -> !done.contains(p.partNumber())).toList();
    }

    /** Groups parts into requests of at most {@code maxPerRequest} part numbers (the contract allows 1,000). */
    public List<List<PartRange>> chunks(List<PartRange> parts, int maxPerRequest) {
        int size = Math.max(1, Math.min(maxPerRequest, 1000));
        List<List<PartRange>> chunks = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += size) {
            chunks.add(List.copyOf(parts.subList(i, Math.min(parts.size(), i + size))));
        }
        return chunks;
    }
}
