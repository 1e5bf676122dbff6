using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Inference.Server.Tests;
using OpenQA.Selenium;

namespace Inference.Playground.Tests;

/// <summary>
/// The page in headless chromium against the real server: what it shows must be what the API answers for the same
/// request (asked live, never hard-coded: seeded samples change when the engine does), model text must stay text,
/// and a missing or wrong key must show the server's 401 message.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class PlaygroundBrowserTests(PlaygroundServer server, BrowserSession browser)
{
    private PageDriver Page => new(browser.Driver, server.BaseAddress);

    /// <summary>A run on the bundled model (the page's default), with the key.</summary>
    private PageDriver Run(string prompt, params (string Id, string Value)[] fields) =>
        Page.Open(PlaygroundServer.ApiKey).Ask(prompt, [("model", PlaygroundServer.LanguageModel), .. fields]);

    [BrowserFact]
    public async Task Majority_at_8_shows_the_chosen_answer_and_the_votes_the_api_returns_for_the_same_seed()
    {
        var page = Run("Compute 47*3+18-9.",
            ("strategy", "majority"),
            ("samples", "8"),
            ("seed", "7"));

        var sent = page.SentBody;
        Assert.Equal(PlaygroundServer.LanguageModel, (string?)sent["model"]);
        Assert.Equal(7, (int?)sent["seed"]);
        Assert.Equal("majority", (string?)sent["test_time_scaling"]!["strategy"]);
        Assert.Equal(8, (int?)sent["test_time_scaling"]!["samples"]);
        Assert.True((bool?)sent["stream"]);

        var report = await StreamedReportAsync(sent);
        Assert.Equal(8, (int)report["samples_used"]!);
        Assert.Equal(ExpectedBars(report), page.Histogram.OrderBy(b => b.Answer, StringComparer.Ordinal));
        Assert.Equal((string?)report["chosen"]![0]!["answer"], page.ChosenAnswer);
        Assert.Equal(8, page.Histogram.Sum(b => b.Votes));
        Assert.Equal(8, browser.Driver.FindElements(By.CssSelector("#sample-table tbody tr[data-candidate]")).Count);
        Assert.Equal(0L, browser.Driver.ExecuteScript(
            "const ids = [...document.querySelectorAll('[id]')].map(e => e.id); return ids.length - new Set(ids).size;"));
        // Every control, the ones drawn after the run included, has a label or an accessible name.
        Assert.Equal("", browser.Driver.ExecuteScript("""
            return [...document.querySelectorAll('input, select, textarea, button, progress')]
              .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim())))
              .map(e => e.outerHTML).join('\n');
            """));

        // The snippets send the same body without streaming: same seed, same votes.
        sent.Remove("stream");
        sent.Remove("stream_options");
        using var reply = await server.Authorized.PostAsync("v1/chat/completions", Json(sent));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var unstreamed = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["test_time_scaling"]!;
        Assert.Equal(ExpectedBars(report), ExpectedBars(unstreamed));
        var curl = page.Find("curl-code").GetAttribute("textContent")!;
        Assert.Contains("$INFERENCE_API_KEY", curl);
        Assert.DoesNotContain(PlaygroundServer.ApiKey, curl);
        Assert.DoesNotContain(PlaygroundServer.ApiKey, page.Find("csharp-code").GetAttribute("textContent")!);

        // The progress bar ended full, and the page reported a token rate from the stream's progress and usage.
        Assert.Equal(page.Find("progress-bar").GetAttribute("max"), page.Find("progress-bar").GetAttribute("value"));
        Assert.Contains("tokens/s", page.Find("progress-rate").Text);
    }

    [BrowserFact]
    public async Task A_model_served_by_backends_only_says_so_and_shows_what_the_api_returns()
    {
        var page = Page.Open(PlaygroundServer.ApiKey).Ask("Compute 47*3+18-9.",
            ("model", PlaygroundServer.RemoteModel), ("strategy", "majority"), ("samples", "8"), ("seed", "7"));
        Assert.Equal("ready · served by 1 of 1 backend endpoints · context 256 tokens", page.Find("model-info").Text);

        var report = await StreamedReportAsync(page.SentBody);
        Assert.Equal($"replica@{server.ReplicaAddress.Authority}", (string?)report["sources"]![0]!["source"]);
        Assert.Equal(8, (int)report["samples_used"]!);
        Assert.Equal(ExpectedBars(report), page.Histogram.OrderBy(b => b.Answer, StringComparer.Ordinal));
        Assert.Equal((string?)report["chosen"]![0]!["answer"], page.ChosenAnswer);
    }

    [BrowserFact]
    public async Task Best_of_majority_with_rewards_and_an_annealed_schedule_matches_the_api_and_fills_the_table()
    {
        var page = Run("Compute 3+8*2-4.",
            ("strategy", "best_of_majority"),
            ("samples", "12"),
            ("seed", "3"),
            ("schedule", "ead"),
            ("s-decay", "5"),
            ("v-reward_model-reward_model", "on"));

        var sent = page.SentBody;
        Assert.Equal(JsonNode.Parse("""{"type":"ead","max_temperature":1.2,"min_temperature":0.1,"decay":5,"scale":20,"warmup_tokens":10}"""),
            sent["test_time_scaling"]!["temperature_schedule"], JsonNode.DeepEquals);
        var report = await StreamedReportAsync(sent);
        Assert.Equal(ExpectedBars(report), page.Histogram.OrderBy(b => b.Answer, StringComparer.Ordinal));
        Assert.Equal((string?)report["chosen"]![0]!["answer"], page.ChosenAnswer);
        var rewards = browser.Driver.FindElements(By.CssSelector("#sample-table tbody td[data-col=reward]")).Select(td => td.GetAttribute("textContent") ?? "").ToList();
        var expectedRewards = report["candidates"]!.AsArray().OrderBy(c => (int)c!["index"]!).Select(c => ((double)c!["reward"]!).ToString("0.000", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expectedRewards, rewards);
        Assert.Contains("reward_model", page.Find("verifier-result").Text);
        page.Screenshot("playground.png");

        // The second picture: the samples table with the chosen sample opened, and the request as code.
        var chosen = browser.Driver.FindElement(By.CssSelector("#sample-table tbody tr.chosen button.expand"));
        chosen.SendKeys(Keys.Enter);
        browser.Driver.ExecuteScript("document.getElementById('samples-title').scrollIntoView({ block: 'start' });");
        page.Screenshot("playground-samples.png");
    }

    [BrowserFact]
    public async Task The_samples_table_sorts_and_expands_from_the_keyboard()
    {
        var page = Run("Compute 3+8*2-4.",
            ("samples", "6"),
            ("seed", "11"));
        var report = await StreamedReportAsync(page.SentBody);
        var texts = report["candidates"]!.AsArray().ToDictionary(c => (int)c!["index"]!, c => (string)c!["text"]!);

        browser.Driver.FindElement(By.CssSelector("button[data-sort=tokens]")).SendKeys(Keys.Enter);
        Assert.Equal("ascending", Header("tokens").GetAttribute("aria-sort"));
        Assert.Equal(Sorted(TokenColumn()), TokenColumn());
        // Focus stays on the header after the table is redrawn, so Enter again reverses the order.
        browser.Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        Assert.Equal("descending", Header("tokens").GetAttribute("aria-sort"));
        Assert.Equal(TokenColumn().OrderDescending(), TokenColumn());

        var firstRow = browser.Driver.FindElement(By.CssSelector("#sample-table tbody tr[data-candidate]"));
        var index = int.Parse(firstRow.GetAttribute("data-candidate")!);
        firstRow.FindElement(By.CssSelector("button.expand")).SendKeys(Keys.Enter);
        var expander = browser.Driver.SwitchTo().ActiveElement();
        Assert.Equal("true", expander.GetAttribute("aria-expanded"));
        var detail = page.Find(expander.GetAttribute("aria-controls")!);
        Assert.True(detail.Displayed);
        Assert.Equal(texts[index], detail.FindElement(By.TagName("pre")).GetAttribute("textContent"));
        expander.SendKeys(Keys.Space);
        Assert.False(page.Find($"sample-text-{index}").Displayed);

        IWebElement Header(string key) => browser.Driver.FindElement(By.CssSelector($"button[data-sort={key}]")).FindElement(By.XPath(".."));
        List<int> TokenColumn() => browser.Driver.FindElements(By.CssSelector("#sample-table tbody td[data-col=tokens]")).Select(td => int.Parse(td.GetAttribute("textContent")!)).ToList();
        static List<int> Sorted(List<int> values) => values.Order().ToList();
    }

    [BrowserFact]
    public async Task Early_stopping_shows_how_many_samples_it_saved_as_the_api_reports()
    {
        var page = Run("Compute 9-4*2+7.",
            ("samples", "24"),
            ("seed", "2"),
            ("early-rule", "esc"),
            ("early-window", "4"),
            ("early-wave", "4"));
        Assert.Equal(JsonNode.Parse("""{"rule":"esc","window":4,"wave_size":4}"""), page.SentBody["test_time_scaling"]!["early_stop"], JsonNode.DeepEquals);

        var report = await StreamedReportAsync(page.SentBody);
        var used = (int)report["early_stop"]!["samples_used"]!;
        var rule = (string)report["early_stop"]!["rule"]!;
        var expected = (bool)report["early_stop"]!["stopped"]!
            ? $"Stopped after {used} of 24 samples ({rule} rule): {24 - used} sample{(24 - used == 1 ? "" : "s")} saved."
            : $"Did not stop early ({rule} rule): all {used} samples drawn.";
        Assert.StartsWith(expected, page.Find("early-result").Text);
        Assert.Equal(used, browser.Driver.FindElements(By.CssSelector("#sample-table tbody tr[data-candidate]")).Count);
    }

    [BrowserFact]
    public async Task Without_test_time_scaling_the_reply_streams_into_the_conversation_as_the_api_answers()
    {
        var page = Run("Compute 7*4-5+6.",
            ("tts-on", "off"),
            ("seed", "4"));
        var sent = page.SentBody;
        Assert.Null(sent["test_time_scaling"]);
        Assert.False(page.Find("results").Displayed);

        sent.Remove("stream");
        sent.Remove("stream_options");
        using var reply = await server.Authorized.PostAsync("v1/chat/completions", Json(sent));
        var expected = (string)JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]!;
        var shown = browser.Driver.FindElements(By.CssSelector("#transcript li.assistant pre")).Last().GetAttribute("textContent");
        Assert.Equal(expected, shown);
    }

    [BrowserFact]
    public async Task Model_output_that_is_html_renders_as_text_everywhere()
    {
        var page = Run("Say something.",
            ("model", PlaygroundServer.MarkupModel),
            ("strategy", "majority"),
            ("samples", "3"),
            ("max_tokens", "2"),
            ("seed", "1"),
            ("answer", "whole_text"),
            ("extra", $$$"""{"logit_bias": {"{{{PlaygroundServer.MarkupTokenId}}}": 100}}"""));

        // The API itself returns the markup as the model's text: this is real model output, not a crafted response.
        var report = await StreamedReportAsync(page.SentBody);
        var text = (string)report["candidates"]![0]!["text"]!;
        Assert.Equal(PlaygroundServer.MarkupToken + PlaygroundServer.MarkupToken, text);

        var answer = (string)report["chosen"]![0]!["answer"]!;
        Assert.Contains("<script>", answer);
        var transcript = browser.Driver.FindElements(By.CssSelector("#transcript li.assistant pre")).Last();
        Assert.Equal(text, transcript.GetAttribute("textContent"));
        Assert.Equal(answer, browser.Driver.FindElement(By.CssSelector("[data-testid=chosen-answer]")).GetAttribute("textContent"));
        Assert.Equal(answer, page.Histogram.Single().Answer);
        Assert.Equal(3, browser.Driver.FindElements(By.CssSelector("#sample-table td[data-col=answer]")).Count(td => td.GetAttribute("textContent") == answer));
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("main img, main script, main b, main iframe")));
        Assert.Null(browser.Driver.ExecuteScript("return window.__xss ?? null;"));
    }

    [BrowserFact]
    public async Task A_missing_or_wrong_key_shows_the_servers_401_message_and_the_key_stays_in_session_storage()
    {
        using var missing = await server.Http.GetAsync("v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var missingMessage = (string)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["message"]!;

        var page = Page.Open(apiKey: null);
        page.WaitFor(() => page.ErrorText.Contains("401"), "the 401 of the model list");
        Assert.Contains(missingMessage, page.ErrorText);
        Assert.Contains("missing_api_key", page.ErrorText);
        Assert.Contains("API key", page.ErrorText);

        page.Type("api-key", "not-the-key" + Keys.Tab);
        page.WaitFor(() => page.ErrorText.Contains("invalid_api_key"), "the 401 for a wrong key");
        Assert.Contains("Incorrect API key provided.", page.ErrorText);
        page.Send();
        Assert.Equal("error", page.State);
        Assert.Contains("401 invalid_api_key", page.ErrorText);

        Assert.Equal("not-the-key", browser.Driver.ExecuteScript("return sessionStorage.getItem('inference.apiKey');"));
        Assert.Equal(0L, browser.Driver.ExecuteScript("return localStorage.length;"));
        Assert.DoesNotContain("not-the-key", browser.Driver.Url);

        page.Type("api-key", PlaygroundServer.ApiKey + Keys.Tab);
        page.WaitFor(() => !page.Find("error").Displayed && page.Find("model").FindElements(By.TagName("option")).Count == 3, "the models with the right key");
    }

    /// <summary>Sends the body as the page sent it (streamed) and returns the test_time_scaling report of the stream.</summary>
    private async Task<JsonNode> StreamedReportAsync(JsonObject body)
    {
        var (response, sse) = await Sse.PostAsync(server.Authorized, "v1/chat/completions", body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return sse.Chunks.Single(c => c["test_time_scaling"] is not null)["test_time_scaling"]!;
    }

    private static List<(string Answer, int Votes, bool Chosen)> ExpectedBars(JsonNode report)
    {
        var bars = report["answers"]!.AsArray().Select(a => ((string)a!["answer"]!, (int)a["votes"]!, (bool)a["chosen"]!)).ToList();
        if ((int)report["unanswered"]! > 0) bars.Add(("(no answer)", (int)report["unanswered"]!, false));
        return bars.OrderBy(b => b.Item1, StringComparer.Ordinal).ToList();
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
