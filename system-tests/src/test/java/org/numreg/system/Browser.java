package org.numreg.system;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

/**
 * One person's browser: Debian's headless Chromium driven through its chromedriver, with a fresh
 * profile (so a fresh sign-in). Missing Chromium fails the test with what to install.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final WebDriverWait wait;

    Browser(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need Debian's Chromium and its driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver"
                    + " (./numreg test installs them when it runs as root)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root, without a GPU, and quiet: this machine's network is closed to Google's hosts.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** Opens a console page; when the session is new, signs in on the realm's login page first. */
    Browser open(String url, String user, String password) {
        driver.get(url);
        if (!driver.findElements(By.id("kc-login")).isEmpty()) {
            driver.findElement(By.id("username")).sendKeys(user);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("kc-login")).click();
            until(ExpectedConditions.presenceOfElementLocated(By.id("who")), "the console after signing in");
        }
        return this;
    }

    Browser go(String url) {
        driver.get(url);
        return this;
    }

    Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    Browser choose(String css, String visibleText) {
        new Select(find(css)).selectByVisibleText(visibleText);
        return this;
    }

    Browser click(String css) {
        find(css).click();
        return this;
    }

    /**
     * Submits a form (its first submit button) and waits for the next page: the one that has not
     * got the mark this page was given (asking the old page's elements while the browser
     * navigates fails in other ways than "stale").
     */
    Browser submit(String formCss) {
        WebElement form = find(formCss);
        ((JavascriptExecutor) driver).executeScript("window.numregLeaving = true");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        until(d -> {
            try {
                return Boolean.TRUE.equals(((JavascriptExecutor) d)
                        .executeScript("return document.readyState === 'complete' && !window.numregLeaving"));
            } catch (WebDriverException navigating) {
                return false;
            }
        }, "the page after " + formCss);
        return this;
    }

    WebElement find(String css) {
        return until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)), css);
    }

    /** Waits for a condition; when it never holds, says which page the browser was on and what it showed. */
    <T> T until(Function<WebDriver, T> condition, String what) {
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = driver.findElements(By.tagName("body")).stream().findFirst().map(WebElement::getText).orElse("");
            throw new AssertionError("waited 30 s for " + what + " at " + driver.getCurrentUrl() + ", which shows:\n"
                    + page.substring(0, Math.min(page.length(), 2000)), e);
        }
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebDriverWait await() {
        return wait;
    }

    WebDriver driver() {
        return driver;
    }

    /** Keeps a picture of the page in target/screenshots (docs/console/ holds the ones shown in the README). */
    void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
