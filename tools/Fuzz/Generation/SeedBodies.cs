using System.Text.Json.Nodes;

namespace Inference.Fuzz.Generation;

/// <summary>The model the bodies name and how many token ids it has (token-id prompts stay in range unless mutated).</summary>
public sealed record FuzzTarget(string Model, int VocabSize);

/// <summary>A valid request body for one route, before mutation.</summary>
public sealed record SeedBody(string Name, string Path, JsonObject Body);

/// <summary>
/// Valid requests for every JSON route, varied by the random source: chat and legacy completions (plain, n, streamed,
/// logprobs, stop, best_of, token-id prompts) with and without test_time_scaling (strategies that need no reward model,
/// early stopping, schedules, answer formats, regex and JSON-schema verifiers), tokenize, detokenize, apply-template.
/// Sizes stay small (a few tokens, a few samples) so that the valid ones finish fast.
/// </summary>
public static class SeedBodies
{
    private static readonly string[] Prompts = ["Compute 12+7.", "Compute 8*7-6.", "Compute 91-45-12+30.", "1+1=", "Compute 6*9-17+4."];

    public static SeedBody Create(Random random, FuzzTarget target) => random.Next(12) switch
    {
        0 or 1 => new("chat", "/v1/chat/completions", Chat(random, target)),
        2 or 3 => new("chat+tts", "/v1/chat/completions", WithScaling(Chat(random, target), random)),
        4 or 5 => new("completions", "/v1/completions", Completion(random, target)),
        6 => new("completions+tts", "/v1/completions", WithScaling(Completion(random, target, scaled: true), random)),
        7 or 8 => new("tokenize", "/tokenize", Tokenize(random, target)),
        9 => new("detokenize", "/detokenize", Detokenize(random, target)),
        _ => new("apply-template", "/apply-template", new JsonObject { ["model"] = target.Model, ["messages"] = Messages(random), ["add_generation_prompt"] = random.Next(2) == 0 }),
    };

    private static JsonArray Messages(Random random)
    {
        var messages = new JsonArray();
        if (random.Next(3) == 0) messages.Add(new JsonObject { ["role"] = random.Next(2) == 0 ? "system" : "developer", ["content"] = "Answer with a number." });
        var content = Prompts[random.Next(Prompts.Length)];
        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = random.Next(4) == 0 ? new JsonArray(new JsonObject { ["type"] = "text", ["text"] = content }) : content,
        });
        if (random.Next(5) == 0)
        {
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = "19" });
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = Prompts[random.Next(Prompts.Length)] });
        }
        return messages;
    }

    private static JsonObject Chat(Random random, FuzzTarget target)
    {
        var body = new JsonObject { ["model"] = target.Model, ["messages"] = Messages(random), ["max_tokens"] = random.Next(1, 9) };
        Sampling(body, random);
        if (random.Next(4) == 0)
        {
            body["logprobs"] = true;
            body["top_logprobs"] = random.Next(0, 4);
        }
        if (random.Next(6) == 0) body["n"] = random.Next(1, 3);
        return body;
    }

    private static JsonObject Completion(Random random, FuzzTarget target, bool scaled = false)
    {
        var text = Prompts[random.Next(Prompts.Length)];
        JsonNode prompt = random.Next(5) switch
        {
            0 => new JsonArray(JsonValue.Create(text), JsonValue.Create("2+2=")),
            1 => Ids(random, target, 3),
            2 => new JsonArray(Ids(random, target, 2), Ids(random, target, 4)),
            _ => text,
        };
        var body = new JsonObject { ["model"] = target.Model, ["prompt"] = prompt, ["max_tokens"] = random.Next(1, 9) };
        Sampling(body, random);
        if (!scaled && random.Next(4) == 0) body["logprobs"] = random.Next(0, 4);
        if (!scaled && random.Next(5) == 0) body["echo"] = true;
        if (!scaled && random.Next(6) == 0 && body["stream"] is null)
        {
            body["best_of"] = 2;
            body["n"] = 1;
        }
        return body;
    }

    private static JsonArray Ids(Random random, FuzzTarget target, int count) =>
        new(Enumerable.Range(0, count).Select(_ => (JsonNode?)JsonValue.Create(random.Next(Math.Max(1, target.VocabSize)))).ToArray());

    private static void Sampling(JsonObject body, Random random)
    {
        if (random.Next(2) == 0) body["temperature"] = Math.Round(random.NextDouble() * 1.5, 2);
        if (random.Next(4) == 0) body["top_p"] = 0.9;
        if (random.Next(4) == 0) body["seed"] = random.Next(1000);
        if (random.Next(5) == 0) body["stop"] = random.Next(2) == 0 ? "\n" : new JsonArray("=", "####");
        if (random.Next(6) == 0) body["top_k"] = random.Next(0, 10);
        if (random.Next(8) == 0) body["logit_bias"] = new JsonObject { ["5"] = -1.5 };
        if (random.Next(8) == 0) body["stop_token_ids"] = new JsonArray(1, 2);
        if (random.Next(4) == 0)
        {
            body["stream"] = true;
            if (random.Next(2) == 0) body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
    }

    private static JsonObject WithScaling(JsonObject body, Random random)
    {
        var samples = random.Next(2, 7);
        var tts = new JsonObject
        {
            // The reward-ranked strategies need a reward model: served by the bundled one, refused (400) without it.
            ["strategy"] = random.Next(7) switch
            {
                0 => "self_certainty", 1 => "weighted_majority", 2 => "verifier", 3 => "best_of_n", 4 => "best_of_majority", _ => "majority",
            },
            ["samples"] = samples,
        };
        if ((string)tts["strategy"]! == "weighted_majority") tts["weight"] = random.Next(2) == 0 ? "mean_logprob" : "reward";
        if ((string)tts["strategy"]! == "verifier" || random.Next(4) == 0)
            tts["verifiers"] = random.Next(4) switch
            {
                0 => new JsonArray(new JsonObject { ["type"] = "regex", ["must_match"] = new JsonArray("\\d") }),
                1 => new JsonArray(new JsonObject { ["type"] = "json_schema", ["schema"] = new JsonObject { ["type"] = "number" } }),
                2 => new JsonArray("reward_model"),
                // A name the test server configures (an unreachable service: verdicts "unverified"); elsewhere a 400.
                _ => new JsonArray(new JsonObject { ["type"] = "external", ["name"] = "offline" }),
            };
        if (random.Next(3) == 0) tts["early_stop"] = random.Next(2) == 0
            ? new JsonObject { ["rule"] = "beta", ["threshold"] = 0.9, ["wave_size"] = 2 }
            : new JsonObject { ["rule"] = "esc", ["window"] = 2 };
        if (random.Next(4) == 0) tts["temperature_schedule"] = new JsonObject { ["type"] = "ead", ["max_temperature"] = 1.2, ["min_temperature"] = 0.1, ["decay"] = 5 };
        if (random.Next(4) == 0) tts["answer"] = random.Next(2) == 0 ? "last_number" : new JsonObject { ["format"] = "regex", ["pattern"] = "(?<answer>\\d+)" };
        if (random.Next(4) == 0) tts["return_candidates"] = true;
        if (random.Next(5) == 0) tts["k"] = 1;
        body["test_time_scaling"] = tts;
        return body;
    }

    private static JsonObject Tokenize(Random random, FuzzTarget target)
    {
        var body = new JsonObject { ["model"] = target.Model };
        if (random.Next(2) == 0) body["prompt"] = Prompts[random.Next(Prompts.Length)];
        else body["messages"] = Messages(random);
        if (random.Next(3) == 0) body["add_special_tokens"] = random.Next(2) == 0;
        if (random.Next(3) == 0) body["return_token_strs"] = true;
        return body;
    }

    private static JsonObject Detokenize(Random random, FuzzTarget target)
    {
        var body = new JsonObject { ["model"] = target.Model, ["tokens"] = Ids(random, target, random.Next(0, 6)) };
        if (random.Next(3) == 0) body["skip_special_tokens"] = random.Next(2) == 0;
        return body;
    }
}
