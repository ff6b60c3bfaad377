package io.invoiceroutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds the sandbox artifact: on the class path (tests), or as {@code invoice-extraction-sandbox.jar} with its
 * {@code sandbox-lib/} folder beside the product jar (the packaged run). The product jar itself holds none of it.
 */
public final class SandboxLocator {
    /** The sandbox artifact's file name, beside the product jar in {@code target/}. */
    public static final String SANDBOX_JAR = "invoice-extraction-sandbox.jar";
    /** The folder beside it with the libraries only the sandbox uses. */
    public static final String SANDBOX_LIB = "sandbox-lib";

    private SandboxLocator() {
    }

    /** The sandbox, or an error that says how to get it. */
    public static LocalSandbox require() {
        return find().orElseThrow(() -> new IllegalStateException("No INVOICE_API_KEY is set, so the pipeline would"
                + " run on the local sandbox, but the sandbox artifact is not installed: " + SANDBOX_JAR + " (and its "
                + SANDBOX_LIB + "/ folder) must sit beside the product jar" + besideHint() + ". Build both with"
                + " `mvn -B -q package -DskipTests`, or set INVOICE_API_KEY to use the real API."));
    }

    /** The sandbox from the class path, else from the artifact beside the product jar. */
    public static Optional<LocalSandbox> find() {
        Optional<LocalSandbox> onClassPath = first(ServiceLoader.load(LocalSandbox.class, SandboxLocator.class.getClassLoader()));
        if (onClassPath.isPresent()) {
            return onClassPath;
        }
        return productJarDir().flatMap(SandboxLocator::fromDir);
    }

    static Optional<LocalSandbox> fromDir(Path dir) {
        Path jar = dir.resolve(SANDBOX_JAR);
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(jar.toUri().toURL());
            Path lib = dir.resolve(SANDBOX_LIB);
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path p : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(p.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the product's classes and libraries come from the parent; the sandbox and its own libraries from here
        URLClassLoader loader = new URLClassLoader("sandbox", urls.toArray(URL[]::new), SandboxLocator.class.getClassLoader());
        return first(ServiceLoader.load(LocalSandbox.class, loader));
    }

    private static Optional<LocalSandbox> first(ServiceLoader<LocalSandbox> loader) {
        Iterator<LocalSandbox> it = loader.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static Optional<Path> productJarDir() {
        try {
            Path location = Path.of(SandboxLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location.getParent()) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String besideHint() {
        return productJarDir().map(d -> " (in " + d + ")").orElse("");
    }
}
