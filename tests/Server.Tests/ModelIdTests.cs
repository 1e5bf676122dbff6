using System.ClientModel;
using System.Net;
using OpenAI;
using OpenAI.Models;

namespace Inference.Server.Tests;

/// <summary>
/// Every name the generation endpoints accept (a model id, a configured alias, "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;")
/// has a card at /v1/models/{name}, and names they refuse have none; configured aliases are listed in /v1/models.
/// </summary>
public sealed class ModelIdTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    [Theory]
    [InlineData(TestModels.Id, null, null)]
    [InlineData("tiny-vote", "majority", 3)]
    [InlineData(TestModels.Id + ":majority@16", "majority", 16)]
    [InlineData(TestModels.Id + ":maj@2", "majority", 2)]
    [InlineData(TestModels.Id + ":self_certainty@4", "self_certainty", 4)]
    public async Task A_name_that_generates_has_a_card_with_the_selection_it_implies(string name, string? strategy, int? samples)
    {
        var chat = await server.Http.PostAsync("v1/chat/completions", Api.Chat().Replace($"\"model\":\"{TestModels.Id}\"", $"\"model\":\"{name}\""));
        Assert.True(chat.Status == HttpStatusCode.OK, chat.Text);

        var card = await server.Http.GetJsonAsync($"v1/models/{Uri.EscapeDataString(name)}");
        Assert.True(card.Status == HttpStatusCode.OK, card.Text);
        Assert.Equal(name, card.Json!["id"]!.GetValue<string>());
        Assert.Equal("model", card.Json["object"]!.GetValue<string>());
        Assert.True(card.Json["ready"]!.GetValue<bool>());
        if (strategy is null)
        {
            Assert.Null(card.Json["alias_of"]);
            return;
        }
        Assert.Equal(TestModels.Id, card.Json["alias_of"]!.GetValue<string>());
        Assert.Equal(strategy, card.Json["test_time_scaling"]!["strategy"]!.GetValue<string>());
        Assert.Equal(samples, card.Json["test_time_scaling"]!["samples"]!.GetValue<int>());
        Assert.Equal(samples, chat.Json!["test_time_scaling"]!["samples_used"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("gpt-9", HttpStatusCode.NotFound)]
    [InlineData("gpt-9:majority@4", HttpStatusCode.NotFound)]
    [InlineData(TestModels.Id + ":no_such_strategy@4", HttpStatusCode.BadRequest)]
    [InlineData(TestModels.Id + ":majority@0", HttpStatusCode.BadRequest)]
    public async Task A_name_that_does_not_generate_has_no_card(string name, HttpStatusCode generation)
    {
        var chat = await server.Http.PostAsync("v1/chat/completions", Api.Chat().Replace($"\"model\":\"{TestModels.Id}\"", $"\"model\":\"{name}\""));
        Assert.Equal(generation, chat.Status);
        Assert.Equal("model", chat.ErrorParam);

        var card = await server.Http.GetJsonAsync($"v1/models/{Uri.EscapeDataString(name)}");
        Assert.Equal(HttpStatusCode.NotFound, card.Status);
        Assert.Equal("model_not_found", card.ErrorCode);
        Assert.Equal("model", card.ErrorParam);
        if (generation == HttpStatusCode.BadRequest) Assert.Equal(chat.ErrorMessage, card.ErrorMessage);
    }

    [Fact]
    public async Task Configured_aliases_are_listed_after_the_models()
    {
        var data = (await server.Http.GetJsonAsync("v1/models")).Json!["data"]!.AsArray();
        Assert.Equal([TestModels.Id, "tiny-vote"], data.Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(TestModels.Id, data[1]!["alias_of"]!.GetValue<string>());
        Assert.Equal("majority", data[1]!["test_time_scaling"]!["strategy"]!.GetValue<string>());
        Assert.Equal(data[0]!["context_length"]!.GetValue<int>(), data[1]!["context_length"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_openai_sdk_retrieves_an_alias()
    {
        var client = new OpenAIModelClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });
        OpenAIModel model = await client.GetModelAsync($"{TestModels.Id}:majority@16");
        Assert.Equal($"{TestModels.Id}:majority@16", model.Id);
        var listed = (await client.GetModelsAsync()).Value.Select(m => m.Id).ToList();
        Assert.Equal([TestModels.Id, "tiny-vote"], listed);
    }
}
