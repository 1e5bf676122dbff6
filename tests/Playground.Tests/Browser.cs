using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Inference.Playground.Tests;

/// <summary>
/// Debian's chromium and chromium-driver (apt packages "chromium" and "chromium-driver"; .ci/run installs them).
/// CHROMIUM_PATH / CHROMEDRIVER_PATH override where they are looked for.
/// </summary>
public static class Browser
{
    public static readonly string? ChromiumPath = Find("CHROMIUM_PATH", "chromium", "chromium-browser", "google-chrome");

    public static readonly string? DriverPath = Find("CHROMEDRIVER_PATH", "chromedriver");

    /// <summary>Why browser tests cannot run here, or null when both programs are present.</summary>
    public static string? MissingReason => ChromiumPath is not null && DriverPath is not null
        ? null
        : $"Browser test skipped: {(ChromiumPath is null ? "chromium" : "chromedriver")} was not found on PATH " +
          "(install the Debian packages chromium and chromium-driver; .ci/run does).";

    /// <summary>Headless chromium with a fresh profile, a 1280x800 viewport and no background traffic.</summary>
    public static (ChromeDriver Driver, string Profile) Start()
    {
        var profile = Directory.CreateTempSubdirectory("playground-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath! };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars",
            $"--user-data-dir={profile}", "--window-size=1280,800", "--force-device-scale-factor=1");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath)!);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        // --window-size sets the window, not the page: fix the viewport itself at 1280x800 (the screenshots' size).
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride",
            new Dictionary<string, object?> { ["width"] = 1280, ["height"] = 800, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return (driver, profile);
    }

    private static string? Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names.SelectMany(n => path.Select(dir => Path.Combine(dir, n))).FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs the browser: skipped, with the reason shown, only when chromium or chromedriver is absent.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.MissingReason is { } reason) Skip = reason;
    }
}
