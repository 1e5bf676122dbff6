using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Inference.Playground.Tests;

/// <summary>What a user does on the playground page, through the real browser: type, pick, send, wait, read.</summary>
public sealed class PageDriver(ChromeDriver driver, Uri server)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public ChromeDriver Driver => driver;

    /// <summary>Loads the page afresh (no key in session storage, no form values kept from an earlier test) and waits
    /// for its script to start.</summary>
    public PageDriver Open(string? apiKey)
    {
        driver.Navigate().GoToUrl(server);
        driver.ExecuteScript("sessionStorage.clear();");
        driver.Navigate().GoToUrl("about:blank");
        driver.Navigate().GoToUrl(server);
        WaitFor(() => State is "idle" or "error", "the page to start");
        if (apiKey is not null)
        {
            Type("api-key", apiKey + Keys.Tab);
            WaitFor(() => Find("model").FindElements(By.TagName("option")).Count > 0, "the model list to load with the key");
        }
        return this;
    }

    public string? State => driver.FindElement(By.TagName("body")).GetAttribute("data-state");

    public IWebElement Find(string id) => driver.FindElement(By.Id(id));

    /// <summary>Replaces a field's text by typing, as a user would.</summary>
    public void Type(string id, string text)
    {
        var input = Find(id);
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Picks an option of a select (and fires the change event the page listens to).</summary>
    public void Choose(string id, string value)
    {
        var select = Find(id);
        driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", select, value);
        Assert.Equal(value, select.GetAttribute("value"));
    }

    /// <summary>Sets fields in order, each as a user would: a select is chosen, a checkbox ticked ("on"), text typed.</summary>
    public PageDriver Fill(params (string Id, string Value)[] fields)
    {
        foreach (var (id, value) in fields)
        {
            var field = Find(id);
            if (!field.Displayed) field.FindElement(By.XPath("ancestor::details/summary")).Click(); // "More request fields"
            if (field.TagName == "select") Choose(id, value);
            else if (field.GetAttribute("type") == "checkbox") { if (field.Selected != (value == "on")) field.Click(); }
            else Type(id, value);
        }
        return this;
    }

    /// <summary>Sets the fields, sends the prompt and waits for the result, which must not be an error.</summary>
    public PageDriver Ask(string prompt, params (string Id, string Value)[] fields)
    {
        Fill([.. fields, ("prompt", prompt)]);
        Send();
        Assert.True(State == "done", $"the run ended in state {State}: {ErrorText}");
        return this;
    }

    /// <summary>Sends the message and waits until the page has shown the result (or an error).</summary>
    public void Send()
    {
        Find("run").Click();
        WaitFor(() => State is "done" or "error", "the run to finish");
    }

    public string ErrorText => Find("error").Text;

    public string ChosenAnswer => driver.FindElement(By.CssSelector("[data-testid=chosen-answer]")).Text;

    /// <summary>Histogram rows as (answer label, votes, chosen), in the page's order.</summary>
    public IReadOnlyList<(string Answer, int Votes, bool Chosen)> Histogram =>
        driver.FindElements(By.CssSelector("[data-testid=histogram] li"))
            .Select(li => (li.FindElement(By.CssSelector("[data-role=answer]")).GetAttribute("textContent")!,
                int.Parse(li.GetAttribute("data-votes")!), li.GetAttribute("data-chosen") == "true"))
            .ToList();

    /// <summary>The JSON body the page sent, as it shows it.</summary>
    public JsonObject SentBody => JsonNode.Parse(Find("sent-body").GetAttribute("textContent")!)!.AsObject();

    public void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Waited {Patience.TotalSeconds:0} s for {what}; page state {State}, error '{ErrorText}'.");
            Thread.Sleep(25);
        }
    }

    /// <summary>Saves what the 1280x800 viewport shows when PLAYGROUND_SCREENSHOTS names a folder (how docs/ images are made).</summary>
    public void Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("PLAYGROUND_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        driver.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }
}
