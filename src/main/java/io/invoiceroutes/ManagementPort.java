package io.invoiceroutes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port of the management server (health, metrics, status page). When the shipped default is taken, typically by
 * a second instance on the same machine, a free port is used instead and said on stdout, so that instance still has
 * its health and metrics; a port an operator chose ({@code CAMEL_MANAGEMENT_PORT} or a number in the properties
 * file) that is taken stops the start with a message, as their probes point at it.
 */
final class ManagementPort {
    private static final Pattern DEFAULTED = Pattern.compile("\\{\\{env:CAMEL_MANAGEMENT_PORT:(\\d+)}}");

    /** What was asked for: the port, where, and whether an operator chose it. */
    record Wanted(String host, int port, boolean chosen) {
    }

    private ManagementPort() {
    }

    /** The port asked for by the properties file and the environment, or null when the server is off or on any port. */
    static Wanted wanted(Path propertiesFile, Map<String, String> env) throws IOException {
        Properties props = PropertiesFile.load(propertiesFile);
        String enabled = env.getOrDefault("CAMEL_MANAGEMENT_ENABLED", props.getProperty("camel.management.enabled", "false"));
        if (!"true".equalsIgnoreCase(enabled.trim())) {
            return null;
        }
        String host = env.getOrDefault("CAMEL_MANAGEMENT_HOST", props.getProperty("camel.management.host", "0.0.0.0")).trim();
        String fromEnv = env.get("CAMEL_MANAGEMENT_PORT");
        String raw = props.getProperty("camel.management.port", "").trim();
        Matcher defaulted = DEFAULTED.matcher(raw);
        int port;
        boolean chosen;
        if (fromEnv != null && !fromEnv.isBlank()) {
            port = Integer.parseInt(fromEnv.trim());
            chosen = true;
        } else if (defaulted.matches()) {
            port = Integer.parseInt(defaulted.group(1));
            chosen = false;
        } else if (raw.matches("\\d+")) {
            port = Integer.parseInt(raw);
            chosen = true;
        } else {
            return null;
        }
        return port == 0 ? null : new Wanted(host, port, chosen);
    }

    /**
     * The port to serve on: the one wanted when it is free, another free one when the default is taken.
     *
     * @throws IllegalStateException when a port the operator chose is taken (the message says what to do)
     */
    static int choose(Wanted wanted) throws IOException {
        if (free(wanted.host(), wanted.port())) {
            return wanted.port();
        }
        if (wanted.chosen()) {
            throw new IllegalStateException("the management port " + wanted.host() + ":" + wanted.port()
                    + " (CAMEL_MANAGEMENT_PORT) is in use by another process: choose a free port, or 0 for any");
        }
        try (ServerSocket any = new ServerSocket()) {
            any.bind(new InetSocketAddress(InetAddress.getByName(wanted.host()), 0));
            return any.getLocalPort();
        }
    }

    private static boolean free(String host, int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (java.net.BindException taken) {
            return false;
        }
    }
}
