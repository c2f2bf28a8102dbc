package io.metaline.server.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium driven through chromedriver, both the Debian packages' binaries given by path so that nothing
 * is downloaded (Selenium Manager never runs), with a fresh profile in a temporary folder. Every page gets a small
 * script, before its own scripts run, that records uncaught errors, unhandled promise rejections and
 * {@code console.error} calls in {@code window.__metalineErrors}; {@link #errors()} returns those together with the
 * browser's severe console log entries. Close it to quit the browser and delete the profile. Not thread-safe.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("metaline.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("metaline.chromedriver", "/usr/bin/chromedriver"));

    private static final String ERROR_RECORDER = """
            window.__metalineErrors = [];
            window.addEventListener('error', e => window.__metalineErrors.push('error: ' + (e.message || e.type)
                + (e.filename ? ' at ' + e.filename + ':' + e.lineno : '')), true);
            window.addEventListener('unhandledrejection', e => window.__metalineErrors.push('unhandled rejection: '
                + (e.reason && e.reason.stack ? e.reason.stack : e.reason)));
            (function () {
                const original = console.error;
                console.error = function (...args) {
                    window.__metalineErrors.push('console.error: ' + args.map(String).join(' '));
                    return original.apply(console, args);
                };
            })();
            """;

    // Selenium warns that it has no DevTools bindings for this Chromium version; raw CDP commands need none.
    private static final java.util.logging.Logger DEVTOOLS_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleErrors = new ArrayList<>();

    /** Skips the calling test, naming what is missing, unless both Chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "browser tests skipped: no Chromium at " + CHROMIUM
                + " (apt-get install chromium, or -Dmetaline.chromium=PATH)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "browser tests skipped: no chromedriver at " + CHROMEDRIVER
                + " (apt-get install chromium-driver, or -Dmetaline.chromedriver=PATH)");
    }

    Browser() {
        try {
            profile = Files.createTempDirectory("metaline-chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver d;
        try {
            d = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile();
            throw e;
        }
        driver = d;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        beforeEveryPage(ERROR_RECORDER);
    }

    /** Runs {@code js} at the start of every page loaded from now on, before the page's own scripts; returns its id. */
    String beforeEveryPage(String js) {
        Map<String, Object> r = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
        return String.valueOf(r.get("identifier"));
    }

    /** Stops running a script registered with {@link #beforeEveryPage}. */
    void removeBeforeEveryPage(String id) {
        driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }

    /** Runs an asynchronous script: it receives a callback as its last argument and must call it with the result. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    void open(String url) {
        collectConsole();
        driver.get(url);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** JavaScript errors on the current page and severe console messages since the last {@link #clearErrors}. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        Object recorded = script("return window.__metalineErrors || [];");
        if (recorded instanceof List<?> list) for (Object o : list) out.add(String.valueOf(o));
        collectConsole();
        out.addAll(consoleErrors);
        return out;
    }

    /** Forgets the errors seen so far (the current page's and the console's). */
    void clearErrors() {
        collectConsole();
        consoleErrors.clear();
        script("window.__metalineErrors = [];");
    }

    private void collectConsole() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) consoleErrors.add("console: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
