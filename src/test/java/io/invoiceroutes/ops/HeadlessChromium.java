package io.invoiceroutes.ops;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's package) that loads a page on loopback and gives its DOM after the scripts ran,
 * or a screenshot. Installed with apt-get when missing and the tests run as root; otherwise the test is skipped
 * with a message saying so.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** Chromium with a throw-away profile in {@code profile}; installs it first if it is missing and can be. */
    static HeadlessChromium find(Path profile) throws Exception {
        Path found = locate();
        if (found == null && "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            // the CI script installs it before the build; a developer machine gets it here the first time
            if (run(List.of("apt-get", "install", "-y", "-q", "chromium"), 900) != 0) {
                run(List.of("apt-get", "update", "-q"), 600);
                run(List.of("apt-get", "install", "-y", "-q", "chromium"), 900);
            }
            found = locate();
        }
        Assumptions.assumeTrue(found != null, "SKIPPED: Chromium is not installed and cannot be installed here (needs root"
                + " and apt-get: apt-get install -y chromium); the status page was not checked in a browser");
        return new HeadlessChromium(found, profile);
    }

    /** The page's DOM (HTML text) once its scripts have run and their requests answered. */
    String dumpDom(String url) throws Exception {
        Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
        List<String> cmd = command();
        cmd.add("--virtual-time-budget=10000");
        cmd.add("--dump-dom");
        cmd.add(url);
        int rc = run(cmd, 120, out);
        if (rc != 0) {
            throw new IllegalStateException("chromium --dump-dom exited " + rc);
        }
        return Files.readString(out);
    }

    /** A PNG of the page at the given window size once its scripts have run. */
    void screenshot(String url, Path png, int width, int height) throws Exception {
        List<String> cmd = command();
        cmd.add("--virtual-time-budget=10000");
        cmd.add("--hide-scrollbars");
        cmd.add("--window-size=" + width + "," + height);
        cmd.add("--screenshot=" + png.toAbsolutePath());
        cmd.add(url);
        int rc = run(cmd, 120, null);
        if (rc != 0 || !Files.exists(png)) {
            throw new IllegalStateException("chromium --screenshot exited " + rc);
        }
    }

    /** The visible text of an HTML document: tags and scripts removed, entities decoded, spaces collapsed. */
    static String text(String html) {
        String body = html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<style.*?</style>", " ")
                .replaceAll("<[^>]+>", " ");
        return body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
    }

    private List<String> command() {
        return new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath()));
    }

    private static Path locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static int run(List<String> cmd, long seconds) throws IOException, InterruptedException {
        return run(cmd, seconds, null);
    }

    private static int run(List<String> cmd, long seconds, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("DEBIAN_FRONTEND", "noninteractive");
        b.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process p = b.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }
}
