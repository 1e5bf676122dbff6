namespace Inference.Runtime.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public void LoadsTheFetchedLibraryAtApiVersion30()
    {
        var environment = OrtEnvironment.Instance;
        Assert.Equal("1.30.0", environment.Version);
        Assert.EndsWith("libonnxruntime.so.1", environment.LibraryPath);
        Assert.Contains("CPUExecutionProvider", environment.GetAvailableProviders());
    }

    [Fact]
    public void ReloadingFromAnotherPathIsRejectedClearly()
    {
        _ = OrtEnvironment.Instance;
        var error = Assert.Throws<InvalidOperationException>(() =>
            OrtEnvironment.Initialize(new OrtEnvironmentOptions { LibraryPath = "/nonexistent/libonnxruntime.so.1" }));
        Assert.Contains("already loaded", error.Message);
    }
}
