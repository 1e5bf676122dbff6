using System.CommandLine;
using System.Text;
using Inference.Bench.Tokenizers;
using Inference.Engine.Tokenization;

namespace Inference.Bench.Commands;

/// <summary>
/// `tokenizer`: encoding throughput (MB/s) of our tokenizer and of npm @huggingface/tokenizers on the same
/// deterministic mixed-script corpus, in one run, with the ratio of the medians.
/// </summary>
internal static class TokenizerCommand
{
    public static Command Create()
    {
        var fixtures = new Option<string[]>("--tokenizer")
        {
            Description = "Fixture names under tests/fixtures/tokenizers (gpt2, phi3, qwen3) or tokenizer directories",
            DefaultValueFactory = _ => ["gpt2", "phi3", "qwen3"],
            AllowMultipleArgumentsPerToken = true,
        };
        var megabytes = new Option<double>("--corpus-mb") { Description = "Corpus size in MB of UTF-8", DefaultValueFactory = _ => 1.0 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats per implementation", DefaultValueFactory = _ => 7 };
        var corpusOut = new Option<string?>("--corpus-out") { Description = "Where to write the corpus (default: a temp file)" };
        var node = new Option<string>("--node") { Description = "The node executable", DefaultValueFactory = _ => "node" };

        var command = new Command("tokenizer", "Tokenizer encode throughput vs npm @huggingface/tokenizers")
        {
            fixtures, megabytes, repeats, corpusOut, node,
        };
        command.SetAction(parse => Run(
            parse.GetValue(fixtures)!,
            parse.GetValue(megabytes),
            parse.GetValue(repeats),
            parse.GetValue(corpusOut),
            parse.GetValue(node)!));
        return command;
    }

    private static int Run(string[] fixtures, double megabytes, int repeats, string? corpusOut, string node)
    {
        if (megabytes <= 0 || repeats < 1)
        {
            Console.Error.WriteLine("--corpus-mb must be positive and --repeats at least 1");
            return 1;
        }
        var corpus = MixedScriptCorpus.Build((int)(megabytes * 1_000_000), seed: 20251121);
        var corpusFile = corpusOut ?? Path.Combine(Path.GetTempPath(), $"inference-bench-tokenizer-corpus-{megabytes}mb.txt");
        File.WriteAllText(corpusFile, corpus, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Console.WriteLine($"corpus: {corpusFile} ({Encoding.UTF8.GetByteCount(corpus):N0} bytes, {corpus.Count(c => c == '\n'):N0} lines)");
        Console.WriteLine($"repeats: {repeats} timed runs after {DotnetTokenizerRun.WarmUpPasses} warm-up runs on each side; each run encodes every line without special tokens");

        var exitCode = 0;
        foreach (var fixture in fixtures)
        {
            var directory = Directory.Exists(fixture) ? Path.GetFullPath(fixture) : RepositoryPaths.TokenizerFixture(fixture);
            Console.WriteLine();
            Console.WriteLine($"== {fixture} ({directory})");
            var tokenizer = Tokenizer.FromDirectory(directory);
            var ours = DotnetTokenizerRun.Measure(tokenizer, corpus, repeats);
            Console.WriteLine(ours);
            var reference = NodeTokenizerRun.Measure(node, directory, corpusFile, repeats, out var problem);
            if (reference is null)
            {
                Console.WriteLine($"node side not measured: {problem}");
                exitCode = 2;
                continue;
            }
            Console.WriteLine(reference);
            Console.WriteLine($"ratio (median .NET / median node): {ours.Median / reference.Median:F2}x");
            if (ours.Tokens != reference.Tokens || ours.Checksum != reference.Checksum)
            {
                Console.WriteLine($"WARNING: the token streams differ (.NET {ours.Tokens} tokens, checksum {ours.Checksum:x8}; node {reference.Tokens} tokens, checksum {reference.Checksum:x8})");
                exitCode = 3;
            }
            else
            {
                Console.WriteLine($"token streams identical ({ours.Tokens} tokens, checksum {ours.Checksum:x8})");
            }
        }
        return exitCode;
    }
}
