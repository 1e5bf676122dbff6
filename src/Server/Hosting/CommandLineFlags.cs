namespace Inference.Server.Hosting;

/// <summary>
/// The short flags users of vLLM and llama.cpp type, rewritten onto configuration keys before the host reads its
/// command line: --model (repeatable) -> Models:Folders:i, --host -> Server:Host, --port -> Server:Port,
/// --device -> Models:Device, --api-key (repeatable) -> Auth:ApiKeys:i, --reward-model folder -> Models:RewardModel and
/// --reward-model id=folder (repeatable) -> Models:RewardModels:id.
/// Everything else (e.g. --Limits:MaxN=8, --urls) passes through to the standard configuration providers.
/// </summary>
public static class CommandLineFlags
{
    private static readonly Dictionary<string, string> Single = new(StringComparer.Ordinal)
    {
        ["--host"] = "Server:Host",
        ["--port"] = "Server:Port",
        ["--device"] = "Models:Device",
        ["--reward-model"] = RewardModelKey,
    };

    private const string RewardModelKey = "Models:RewardModel";

    private static readonly Dictionary<string, string> Repeated = new(StringComparer.Ordinal)
    {
        ["--model"] = "Models:Folders",
        ["-m"] = "Models:Folders",
        ["--api-key"] = "Auth:ApiKeys",
        ["--remote-model"] = "Models:Remote",
    };

    public const string Usage = """
        Usage: dotnet run --project src/Server -- [options]
          --model <folder>       a model folder ("id=folder" names it), or a folder of model folders; repeatable.
                                 Default: the bundled models/arith-lm (none when --remote-model is given).
          --remote-model <id>    serve <id> from backends only, loading nothing for it (a gateway; a backend
                                 names it with --Backends:<name>:Serves=<id>); repeatable
          --host <address>       listen address (default 127.0.0.1)
          --port <port>          listen port (default 8000; 0 picks a free one)
          --device <cpu|cuda>    execution device (default cpu)
          --api-key <key>        require "Authorization: Bearer <key>"; repeatable
          --reward-model <dir>   the served model's reward model folder ("id=folder" pairs it with the model
                                 "id"; repeatable; "none" disables). Default: models/arith-reward for
                                 the bundled models/arith-lm, none for other models.
          --Section:Key=value    any appsettings.json key, e.g. --Limits:MaxN=8 --Scheduler:MaxBatchRows=32
        """;

    public static string[] Rewrite(string[] args)
    {
        var result = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var (flag, value) = Split(args[i]);
            var isSingle = Single.TryGetValue(flag, out var key);
            var isRepeated = !isSingle && Repeated.TryGetValue(flag, out key);
            if (!isSingle && !isRepeated)
            {
                result.Add(args[i]);
                continue;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{flag} needs a value.\n{Usage}");
                value = args[++i];
            }
            if (key == RewardModelKey && value.IndexOf('=') is > 0 and var eq)
            {
                result.Add($"--{RewardModelKey}s:{value[..eq].Trim()}={value[(eq + 1)..]}");
                continue;
            }
            if (isRepeated)
            {
                var index = counts.GetValueOrDefault(key!);
                counts[key!] = index + 1;
                key = $"{key}:{index}";
            }
            result.Add($"--{key}={value}");
        }
        return result.ToArray();
    }

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    private static (string Flag, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return eq > 0 && arg.StartsWith('-') ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }
}
