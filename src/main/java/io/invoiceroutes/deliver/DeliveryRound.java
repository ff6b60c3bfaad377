package io.invoiceroutes.deliver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One attempt at delivering a batch: the targets still to do (those done for good are skipped), and the channels
 * that failed in this attempt, whose remaining targets wait for the next one instead of failing one by one.
 */
public class DeliveryRound {
    private final List<String> pending;
    private final Set<String> downChannels = new LinkedHashSet<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    public DeliveryRound(List<String> targets, List<String> finished) {
        List<String> left = new ArrayList<>(targets);
        left.removeAll(finished);
        this.pending = List.copyOf(left);
    }

    /** The targets this round delivers, in order. */
    public List<String> pending() {
        return pending;
    }

    boolean channelDown(String channel) {
        return downChannels.contains(channel);
    }

    void failed(String target, String channel, String reason) {
        downChannels.add(channel);
        failures.put(target, reason);
    }

    Map<String, String> failures() {
        return failures;
    }
}
