package io.sigmaflow.cli.whatif.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OS's Chromium ({@code .ci/install-chromium} installs Debian's {@code chromium}), headless,
 * on a fresh profile, with everything that would reach for the network switched off: this
 * machine has none, and a report must not need one.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** The page's DOM after its scripts ran. */
    static String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    /** A PNG of the page at this window size. */
    static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
    }

    private static String run(Path page, List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("sigmaflow-chromium-");
        Path stderr = Files.createTempFile("sigmaflow-chromium-", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
            command.addAll(what);
            command.add(page.toAbsolutePath().toUri().toString());
            Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not end within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(stderr));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(stderr);
        }
    }
}
