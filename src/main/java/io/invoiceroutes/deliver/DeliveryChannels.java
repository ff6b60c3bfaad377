package io.invoiceroutes.deliver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The configured extra delivery channels, checked once at startup so a typo fails the start, not every batch. */
public class DeliveryChannels {
    /** Every channel that has a {@code direct:deliver-<name>} route. */
    public static final Set<String> KNOWN = Set.of("sql", "webhook", "sftp");
    /** Channels that read the rows from results.json. */
    private static final Set<String> NEED_JSON = Set.of("sql", "webhook");

    private final List<String> channels;

    public DeliveryChannels(String configured, String outputFormats) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : split(configured)) {
            String name = token.toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("invoice.deliver.channels: unknown channel '" + token
                        + "'; use any of " + KNOWN + " (empty = the outbox folder only)");
            }
            names.add(name);
        }
        List<String> formats = split(outputFormats);
        for (String name : names) {
            if (NEED_JSON.contains(name) && !formats.contains("json")) {
                throw new IllegalArgumentException("invoice.deliver.channels: '" + name
                        + "' reads results.json; add json to invoice.output-formats");
            }
        }
        this.channels = List.copyOf(names);
    }

    /** The channels in configured order, without duplicates. */
    public List<String> list() {
        return channels;
    }

    static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
