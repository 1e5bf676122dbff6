using Inference.Pipeline.Requests;
using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.Options;
using Inference.Protocol;
using Inference.Server.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Inference.Server.Endpoints;

/// <summary>/tokenize, /detokenize and /apply-template, as vLLM and llama.cpp users know them.</summary>
public static class TokenizerEndpoints
{
    public static IEndpointRouteBuilder MapTokenizer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Tokenizer");
        group.MapPost("/tokenize", Tokenize).WithName("Tokenize").Accepts<TokenizeRequest>("application/json").ProducesOpenAIErrors();
        group.MapPost("/detokenize", Detokenize).WithName("Detokenize").Accepts<DetokenizeRequest>("application/json").ProducesOpenAIErrors();
        group.MapPost("/apply-template", ApplyTemplate).WithName("ApplyTemplate").Accepts<ApplyTemplateRequest>("application/json").ProducesOpenAIErrors();
        return app;
    }

    private static Ok<TokenizeResponse> Tokenize(JsonBody<TokenizeRequest> body, ModelCatalog catalog, IOptions<LimitsOptions> limits)
    {
        var request = body.Value;
        var model = catalog.ResolveOrSingle(request.Model);
        var package = model.LocalPackage("tokenize");
        int[] ids;
        if (request.Messages is not null)
        {
            if (request.Prompt is not null) throw ApiException.BadRequest("prompt", "Give either prompt or messages, not both.");
            var messages = ChatMessageMapping.ToChatMessages(request.Messages, limits.Value.MaxMessages);
            var rendered = package.ApplyChatTemplate(messages, request.AddGenerationPrompt ?? true);
            ids = package.Tokenizer.Encode(rendered, request.AddSpecialTokens ?? false);
        }
        else
        {
            if (request.Prompt is null) throw ApiException.BadRequest("prompt", "prompt (a string) or messages is required.");
            ids = package.Tokenizer.Encode(request.Prompt, request.AddSpecialTokens ?? true);
        }
        var strings = request.ReturnTokenStrs == true ? ids.Select(id => package.Tokenizer.IdToToken(id)).ToList() : null;
        return TypedResults.Ok(new TokenizeResponse(ids, ids.Length, package.Descriptor.ContextLength, strings));
    }

    private static Ok<DetokenizeResponse> Detokenize(JsonBody<DetokenizeRequest> body, ModelCatalog catalog)
    {
        var request = body.Value;
        var model = catalog.ResolveOrSingle(request.Model);
        var package = model.LocalPackage("detokenize");
        var tokens = request.Tokens ?? throw ApiException.BadRequest("tokens", "tokens (a list of token ids) is required.");
        var vocab = Math.Max(package.Descriptor.VocabSize, package.Tokenizer.VocabSize);
        for (var i = 0; i < tokens.Count; i++)
            if (tokens[i] < 0 || tokens[i] >= vocab)
                throw ApiException.BadRequest($"tokens[{i}]", $"Token id {tokens[i]} is outside the vocabulary (0..{vocab - 1}).", "invalid_token_id");
        return TypedResults.Ok(new DetokenizeResponse(package.Tokenizer.Decode(tokens.ToArray(), request.SkipSpecialTokens ?? false)));
    }

    private static Ok<ApplyTemplateResponse> ApplyTemplate(JsonBody<ApplyTemplateRequest> body, ModelCatalog catalog, IOptions<LimitsOptions> limits)
    {
        var request = body.Value;
        var model = catalog.ResolveOrSingle(request.Model);
        var package = model.LocalPackage("apply its chat template");
        if (!package.Descriptor.HasChatTemplate) throw ApiException.BadRequest("model", $"The model '{model.Id}' has no chat template.");
        var messages = ChatMessageMapping.ToChatMessages(request.Messages, limits.Value.MaxMessages);
        return TypedResults.Ok(new ApplyTemplateResponse(package.ApplyChatTemplate(messages, request.AddGenerationPrompt ?? true)));
    }
}
