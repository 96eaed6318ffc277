package io.sluice.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver: never a browser downloaded by a test
 * tool (this machine has no internet for that). Screenshots go to {@code target/screenshots}, the
 * suite's artifacts. {@link #consoleErrors()} is how tests prove pages log no JavaScript errors.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** A laptop screen; {@link #PHONE} for the narrow layout. */
    static final Dimension LAPTOP = new Dimension(1366, 900);

    static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;

    private final String baseUrl;

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        String chromium = System.getenv().getOrDefault("SLUICE_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("SLUICE_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver (" + chromium + ", "
                    + chromedriver + "); deploy/local/sluice.sh test installs them");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Without the networking switches Chromium keeps calling Google's hosts, which this
        // machine's closed network refuses (errors, slow starts).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--disable-extensions", "--window-size=1366,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        resize(LAPTOP);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    /** The element, once it is there (up to 30 s): after a click that navigates, the next page may still be loading. */
    WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until((d) -> d.findElements(by).stream().findFirst().orElse(null));
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /**
     * Waits (up to 30 s) until the element is there and visible. An element that goes stale while
     * it is checked (the page navigated on, e.g. the redirect after logging in) is looked for again.
     */
    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until((d) -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /**
     * The element's text, found afresh: parts of the page that htmx refreshes every few seconds
     * replace their elements, so an element found a moment ago may be gone (stale) by now.
     */
    String text(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until((d) -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst()
                        .map(WebElement::getText).orElse(null));
    }

    /** Waits up to 30 s until the condition holds, looking again when htmx replaced what it read. */
    void waitUntil(Supplier<Boolean> condition) {
        waitUntil(Duration.ofSeconds(30), condition);
    }

    void waitUntil(Duration within, Supplier<Boolean> condition) {
        new WebDriverWait(driver, within).ignoring(StaleElementReferenceException.class).until((d) -> condition.get());
    }

    /** Types into the input once it is there: right after a click that navigates, the new page may still be loading. */
    void type(By by, String text) {
        WebElement input = waitFor(by);
        input.clear();
        input.sendKeys(text);
    }

    /** Logs in through the login page as a user would. */
    void logIn(String username, String password) {
        open("/login");
        type(By.id("username"), username);
        type(By.id("password"), password);
        find(By.cssSelector("form button[type=submit]")).click();
    }

    /** Saves a full-window PNG as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SEVERE entries of the browser console since the last call (JavaScript errors, CSP refusals, failed loads). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
