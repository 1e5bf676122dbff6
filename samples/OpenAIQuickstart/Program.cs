#pragma warning disable OPENAI001 // the SDK marks ChatCompletionOptions.Seed experimental
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

var client = new ChatClient("arith-lm:majority@16", new ApiKeyCredential("unused-without-Auth:ApiKeys"),
    new OpenAIClientOptions { Endpoint = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8000/v1") });
ChatCompletion answer = await client.CompleteChatAsync([new UserChatMessage("Compute 1-1-9*4.")], new ChatCompletionOptions { Seed = 1 });
Console.WriteLine(answer.Content[0].Text);
