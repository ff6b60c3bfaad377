package io.invoiceroutes.sandbox;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Main class of {@code invoice-extraction-sandbox.jar}: puts the jar, the product's libraries ({@code lib/}) and the
 * sandbox's own ({@code sandbox-lib/}) beside it on one class path and runs {@link SandboxMain}. Uses the JDK only.
 */
public final class SandboxLauncher {
    private SandboxLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(SandboxLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = jar.getParent();
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        // the product jar carries classes the sandbox reads documents with (PDF page texts)
        Path product = dir.resolve("invoice-extraction-routes.jar");
        if (Files.isRegularFile(product)) {
            urls.add(product.toUri().toURL());
        }
        addJars(dir.resolve("lib"), urls);
        addJars(dir.resolve("sandbox-lib"), urls);
        URLClassLoader loader = new URLClassLoader("sandbox", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = loader.loadClass("io.invoiceroutes.sandbox.SandboxMain").getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static void addJars(Path folder, List<URL> urls) throws IOException {
        if (!Files.isDirectory(folder)) {
            System.err.println("sandbox: " + folder + " is missing; build with `mvn -B -q package -DskipTests`");
            return;
        }
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path p : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        }
    }
}
