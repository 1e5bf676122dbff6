using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Inference.Playground.Tests;

/// <summary>One headless chromium for the browser tests, started on first use (never when the tests are skipped).</summary>
public sealed class BrowserSession : IDisposable
{
    private readonly Lazy<(ChromeDriver Driver, string Profile)> started = new(Browser.Start);

    public ChromeDriver Driver => started.Value.Driver;

    public void Dispose()
    {
        if (!started.IsValueCreated) return;
        started.Value.Driver.Quit();
        started.Value.Driver.Dispose();
        try
        {
            Directory.Delete(started.Value.Profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile while it exits; a temp folder left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<PlaygroundServer>, ICollectionFixture<BrowserSession>
{
    public const string Name = "playground";
}
