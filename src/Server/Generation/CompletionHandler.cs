using Inference.Engine.Generation;
using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.Protocol;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Generation;

/// <summary>POST /v1/completions: one or more prompts, n choices each; best_of draws more and returns the n best
/// (by mean token log-probability, or by the selection strategy when test-time scaling is on). With echo and logprobs
/// the prompt is scored too: its tokens come first in each choice's logprobs (the first with null values).</summary>
public sealed class CompletionHandler(ModelCatalog catalog, RequestPreparation preparation, GenerationRunner runner, StreamingRunner streaming)
{
    public const int MaxLegacyLogprobs = 5;
    public const int DefaultMaxTokens = 16;

    public async Task<Results<Ok<CompletionResponse>, SseResult>> HandleAsync(CompletionRequest request, HttpContext http)
    {
        var (model, alias) = catalog.Resolve(request.Model);
        var caps = preparation.Caps;
        if (!string.IsNullOrEmpty(request.Suffix))
            throw ApiException.BadRequest("suffix", "suffix (insertion) is not supported: decoder-only models here only continue the prompt.");
        var n = request.ValidatedN(caps);
        if (request.BestOf is { } bestOf)
        {
            if (bestOf < n) throw ApiException.BadRequest("best_of", $"best_of ({bestOf}) must be >= n ({n}).");
            if (bestOf > caps.MaxSamples) throw ApiException.BadRequest("best_of", $"best_of must be at most {caps.MaxSamples}; got {bestOf}.");
            if (request.IsStreaming && bestOf > n) throw ApiException.BadRequest("best_of", "best_of cannot be streamed: the best choices are known only at the end.");
        }
        if (request.Logprobs is { } lpCount && (lpCount < 0 || lpCount > MaxLegacyLogprobs))
            throw ApiException.BadRequest("logprobs", $"logprobs must be between 0 and {MaxLegacyLogprobs}; got {lpCount}.");
        var echo = request.Echo ?? false;
        // echo + logprobs scores the prompt (how evaluation harnesses compute log-likelihoods); max_tokens 0 then
        // returns the prompt's scores alone.
        var scorePrompt = echo && request.Logprobs is not null;

        var package = model.Package!;
        var prompts = PromptMapping.ToPrompts(request.Prompt, package.Tokenizer, package.Descriptor.VocabSize, caps.MaxPrompts);
        var maxTokens = MaxTokens(request, scorePrompt, caps);
        foreach (var prompt in prompts) RequestPreparation.CheckContext(model, prompt.Tokens.Count, maxTokens, "prompt");

        var plan = preparation.Parser(model).Parse(request.TestTimeScaling, alias, model.Defaults, n, request.N is not null, request.BestOf);
        if (plan is not null && scorePrompt)
            throw ApiException.BadRequest("echo", "echo with logprobs (prompt scoring) cannot be combined with test_time_scaling.");
        if (plan is not null) preparation.CheckPlan(model, plan);
        var topLogprobs = request.Logprobs ?? 0;
        var sampling = request.ToSamplingParams(maxTokens, request.Logprobs is not null, topLogprobs, caps, plan?.Schedule);
        var samples = plan?.Options.Samples ?? request.BestOf ?? n;
        // best_of without a strategy keeps the n samples of highest mean log-probability, so every token is scored.
        if (plan is null && samples > n) sampling = sampling with { ScoreSamples = true };
        // max_tokens 0 (prompt scoring only) is checked by the scheduler; the other parameters are checked here.
        (maxTokens == 0 ? sampling with { MaxTokens = 1 } : sampling).Validate(package.Descriptor.VocabSize);
        if (plan is null) preparation.CheckBatch(samples, request.BestOf is not null ? "best_of" : "n");
        var prepared = prompts.Select((p, i) => new PreparedGeneration(model, request.Model!, p.Tokens, p.Text, p.Text, sampling, n, samples, plan)
        {
            PromptLogprobs = scorePrompt ? topLogprobs : null,
            Admission = i == 0 ? QueueAdmission.New : QueueAdmission.FollowUp,
        }).ToList();

        var id = RequestPreparation.NewId("cmpl-");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var lp = request.Logprobs is not null ? new LogprobsBuilder(package.Tokenizer) : null;
        var echoed = echo ? prompts.Select(p => p.Text).ToList() : null;
        if (request.IsStreaming)
            return new SseResult((sse, aborted) =>
            {
                var format = new CompletionChunkFormatter(sse, id, created, request.Model!, request.IncludeUsage, echoed, topLogprobs, lp, scorePrompt);
                return plan is null
                    ? streaming.StreamPlainAsync(prepared, format, sse, request.IncludeUsage, aborted)
                    : streaming.StreamScaledAsync(prepared, format, sse, request.IncludeUsage, aborted);
            });

        using var deadline = new RequestDeadline(http.RequestAborted, caps.RequestTimeout);
        var choices = new List<CompletionChoice>();
        var promptTokens = prompts.Sum(p => p.Tokens.Count);
        var completionTokens = 0;
        if (plan is null)
        {
            var results = await Task.WhenAll(GenerationRunner.StartInOrder(prepared, (p, _) => runner.GenerateAsync(p, deadline)));
            for (var p = 0; p < results.Length; p++)
            {
                var returned = samples > n ? GenerationRunner.RankByMeanLogprob(results[p].Samples, n) : results[p].Samples;
                var scored = results[p].PromptLogprobs is { } promptLogprobs ? lp!.ForPrompt(promptLogprobs, echoed![p], topLogprobs) : null;
                choices.AddRange(returned.Select((s, i) => Choice(p * n + i, s, echoed?[p], lp, topLogprobs, scored)));
                completionTokens += results[p].CompletionTokens;
            }
            return TypedResults.Ok(Response(id, created, request.Model!, choices, promptTokens, completionTokens, null));
        }
        var scaled = await Task.WhenAll(GenerationRunner.StartInOrder(prepared, (p, _) => runner.RunScaledAsync(p, null, deadline)));
        var reports = new List<TestTimeScalingReport>();
        for (var p = 0; p < scaled.Length; p++)
        {
            choices.AddRange(GenerationRunner.Chosen(scaled[p]).Select((c, i) => Choice(p * n + i, c.Sample, echoed?[p], lp, topLogprobs)));
            completionTokens += scaled[p].Cost.CompletionTokens;
            reports.Add(ReportBuilder.Build(scaled[p], plan, p * n));
        }
        return TypedResults.Ok(Response(id, created, request.Model!, choices, promptTokens, completionTokens, reports));
    }

    private static CompletionResponse Response(string id, long created, string model, List<CompletionChoice> choices, int prompt, int completion,
        IReadOnlyList<TestTimeScalingReport>? reports) => new()
    {
        Id = id,
        Created = created,
        Model = model,
        Choices = choices,
        Usage = new Usage(prompt, completion, prompt + completion),
        TestTimeScaling = reports,
    };

    /// <summary>max_tokens in [1, Limits:MaxTokens]; 0 too when the prompt is scored (echo + logprobs).</summary>
    private static int MaxTokens(CompletionRequest request, bool scorePrompt, Options.LimitsOptions caps)
    {
        if (request.MaxTokens != 0) return SamplingFieldsMapping.ValidatedMaxTokens(request.MaxTokens, "max_tokens", DefaultMaxTokens, caps);
        if (scorePrompt) return 0;
        throw ApiException.BadRequest("max_tokens", "max_tokens must be >= 1; 0 is allowed only with echo and logprobs, to score the prompt without generating.");
    }

    private static CompletionChoice Choice(int index, SampleResult sample, string? echo, LogprobsBuilder? lp, int topLogprobs,
        CompletionLogprobs? scoredPrompt = null)
    {
        var generated = lp?.ForCompletion(sample, topLogprobs, echo?.Length ?? 0);
        return new()
        {
            Index = index,
            Text = (echo ?? "") + sample.Text,
            Logprobs = scoredPrompt is null ? generated : LogprobsBuilder.Concat(scoredPrompt, generated),
            FinishReason = FinishReasons.ToWire(sample.FinishReason),
        };
    }
}
