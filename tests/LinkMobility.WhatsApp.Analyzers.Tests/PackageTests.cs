using System.IO.Compression;
using System.Text.RegularExpressions;
using LinkMobility.WhatsApp.Testing;
using Xunit;

namespace LinkMobility.WhatsApp.Analyzers.Tests;

/// <summary>Packs the runtime package once (a version of its own, so no NuGet cache can hide a change).</summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"linkwa-package-{Guid.NewGuid():N}");

    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";

    public string Package => Path.Combine(Folder, "feed", $"LinkMobility.WhatsApp.{Version}.nupkg");

    public Task InitializeAsync() => Repository.PackAsync(Path.Combine(Folder, "feed"), Version);

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>What a user gets from the one package: its contents, and diagnostics in a real dotnet build.</summary>
public class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    [Fact]
    public void The_package_carries_the_generator_yamldotnet_analyzers_and_code_fixes()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (string assembly in new[] { "LinkMobility.WhatsApp.Generator", "YamlDotNet", "LinkMobility.WhatsApp.Analyzers", "LinkMobility.WhatsApp.CodeFixes" })
        {
            Assert.Contains($"analyzers/dotnet/cs/{assembly}.dll", entries);
        }
        Assert.Contains("lib/net8.0/LinkMobility.WhatsApp.dll", entries);
        Assert.Contains("lib/net10.0/LinkMobility.WhatsApp.dll", entries);
        Assert.Contains("lib/net10.0/LinkMobility.WhatsApp.xml", entries);
        // The OpenAPI document, for a build to copy ($(LinkMobilityWhatsAppOpenApi) names it): written by the build from
        // the generator's output, and the same as the generator's baseline.
        using (var openApi = new StreamReader(zip.Entries.Single(e => e.FullName == "openapi/linkmobility-whatsapp.openapi.json").Open()))
        {
            string packed = openApi.ReadToEnd();
            Assert.Equal("3.1.0", (string)System.Text.Json.Nodes.JsonNode.Parse(packed)!["openapi"]!);
            Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "tests", "LinkMobility.WhatsApp.Generator.Tests", "Baselines", "openapi.json")), packed);
        }
        // The build props that let a project mark what the generator reads, for direct and transitive references.
        Assert.Contains("build/LinkMobility.WhatsApp.props", entries);
        Assert.Contains("buildTransitive/LinkMobility.WhatsApp.props", entries);
        // The WhatsAppTemplates item, which turns a templates file into the templates generator's input.
        Assert.Contains("build/LinkMobility.WhatsApp.targets", entries);
        Assert.Contains("buildTransitive/LinkMobility.WhatsApp.targets", entries);
        // Roslyn's own assemblies are the compiler's; the package must not bring copies.
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis"));
        // Its dependencies are the client's Microsoft.Extensions packages, System.Threading.RateLimiting (the send limits),
        // System.IO.Hashing (the in-memory stores' key fingerprints) and YamlDotNet (templates files read at run time, by
        // the generator's own reader), and nothing of the compiler extensions.
        string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open()).ReadToEnd();
        var dependencies = Regex.Matches(nuspec, "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(["Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Options.ConfigurationExtensions", "System.IO.Hashing", "System.Threading.RateLimiting", "YamlDotNet"], dependencies);
    }

    [Fact]
    public async Task The_package_packs_as_the_first_command_on_a_fresh_clone()
    {
        // The repository's files (tracked, and new ones not ignored), with no obj/ or bin/: what a fresh clone holds.
        string clone = Path.Combine(package.Folder, "clone-" + Guid.NewGuid().ToString("N")[..8]);
        var (listed, files) = await Repository.RunAsync(Repository.Root, "git", "ls-files", "--cached", "--others", "--exclude-standard");
        Assert.True(listed == 0, files);
        foreach (string file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string target = Path.Combine(clone, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Repository.Root, file), target);
        }
        var (exit, output) = await Repository.DotnetAsync(clone, "pack", "runtime/LinkMobility.WhatsApp", "-o", Path.Combine(clone, "packages"));
        Assert.True(exit == 0, output);
        Assert.Single(Directory.GetFiles(Path.Combine(clone, "packages"), "LinkMobility.WhatsApp.*.nupkg"));
    }

    // A user's program with seven mistakes the analyzers catch (line numbers below).
    private const string InvalidProgram = """
        using LinkMobility.WhatsApp;

        var request = new MessageRequest
        {
            PlatformId = "p", PlatformPartnerId = "pp", RefId = "r", Priority = Priority.Normal,
            Source = "+46700000000",
            Destinations = ["+46700000001", "12"],
            Messages =
            [
                new TemplateMessage
                {
                    Template = new()
                    {
                        Namespace = "ns", Name = "order",
                        Language = new() { Code = "en-us" },
                        Components =
                        [
                            new() { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/logo.png", Caption = "Logo" } }] },
                            new() { Type = ComponentType.Body, Parameters = [new PayloadParameter { Payload = "x" }] },
                            new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new TextParameter { Text = "Yes" }] },
                            new() { Type = ComponentType.Button, Index = 1, Parameters = [new PayloadParameter { Payload = "No" }] },
                        ],
                    },
                },
                new ImageMessage { Image = new() { Link = "https://example.com/photo.gif" } },
            ],
        };
        System.Console.WriteLine(request.ToJson());
        """;

    private static List<string> Reported(string output) => Regex.Matches(output, @"Program\.cs\((\d+),\d+\): (error|warning) (LMWA\d{4})")
        .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}").Distinct().Order().ToList();

    [Fact]
    public async Task A_build_of_a_user_project_reports_invalid_templates_at_their_lines_and_fails()
    {
        string source = InvalidProgram;
        var (exit, output) = await Build(source);

        Assert.NotEqual(0, exit);
        Assert.Equal(
            new[]
            {
                "15 error LMWA1009", // language en-us
                "18 error LMWA1012", // caption on a header image
                "19 error LMWA1010", // payload in a body
                "20 error LMWA1010", // text on a quickReply button
                "21 error LMWA1001", // button without subType
                "25 warning LMWA1007", // .gif image
                "7 error LMWA1008", // destination "12"
            }.Order(),
            Reported(output));
        Assert.Contains("a quickReply button takes a payload parameter, not text", output);
    }

    [Fact]
    public async Task A_valid_user_project_builds_clean_and_runs_the_contract()
    {
        string source = """
            using LinkMobility.WhatsApp;

            var message = new TemplateMessage
            {
                Template = new()
                {
                    Namespace = "ns", Name = "order", Language = new() { Code = TemplateLanguages.EnglishUS },
                    Components =
                    [
                        new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "42" }] },
                        new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "track" }] },
                    ],
                },
            };
            System.Console.WriteLine(message.ToJson());
            """;
        var (exit, output) = await Build(source);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("LMWA", output);
    }

    [Fact]
    public async Task A_user_project_with_a_schema_yaml_of_its_own_builds_clean()
    {
        // Not the package's schema, and not even valid YAML: the generator acts only on what is marked for it.
        var (exit, output) = await Build("""System.Console.WriteLine(LinkMobility.WhatsApp.ApiDocument.Version);""",
            files: new() { ["schema.yaml"] = "openapi: [3.0\npaths: {" },
            items: """<AdditionalFiles Include="schema.yaml" />""");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("LMWA", output);
    }

    /// <summary>A templates file of order_update in these languages and statuses.</summary>
    private static string TemplatesFile(params (string Language, string Status)[] languages) => """
        {"data": [
        """ + string.Join(",\n", languages.Select(t => $$$"""
          {"name": "order_update", "language": "{{{t.Language}}}", "status": "{{{t.Status}}}", "category": "UTILITY",
           "components": [
             {"type": "HEADER", "format": "IMAGE"},
             {"type": "BODY", "text": "Hi {{1}}, order {{2}} is on its way."},
             {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Track my order"}]}],
           "parameter_names": {"body": ["customerName", "orderNumber"], "buttons": ["trackPayload"]}}
        """)) + "]}";

    private static readonly string Templates = TemplatesFile(("en_US", "APPROVED"));

    private const string TemplatesItem = """<WhatsAppTemplates Include="whatsapp-templates.json" Namespace="shop_ns" />""";

    [Fact]
    public async Task A_user_project_with_a_templates_file_gets_typed_builders_that_build_and_run()
    {
        string source = """
            using App;
            using LinkMobility.WhatsApp;

            TemplateMessage message = WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS,
                headerImage: new System.Uri("https://example.com/a.png"), customerName: "Ann", orderNumber: "42", trackPayload: "track-42");
            System.Console.WriteLine(message.ToJson());
            System.Console.WriteLine(LinkMobility.WhatsApp.Templates.TemplateRegistry.Generated.Definitions.Count);
            """;
        var (exit, output) = await Build(source, files: new() { ["whatsapp-templates.json"] = Templates }, items: TemplatesItem, command: "run");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("LMWA", output);
        Assert.Contains("""{"type":"template","template":{"namespace":"shop_ns","name":"order_update","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.png"}}]}""", output);
        Assert.Contains("\n1\n", output.Replace("\r", ""));   // the module initializer registered the one template
    }

    [Fact]
    public async Task A_hand_built_template_message_that_does_not_fit_the_templates_file_fails_the_build_at_its_line()
    {
        string source = """
            using LinkMobility.WhatsApp;

            System.Console.WriteLine(Order().ToJson());

            // Returned, so the code shows the whole message (one kept in a variable may still change).
            static TemplateMessage Order() => new TemplateMessage
            {
                Template = new()
                {
                    Namespace = "shop_ns", Name = "order_update", Language = new() { Code = "en_US" },
                    Components =
                    [
                        new() { Type = ComponentType.Header, Parameters = [new ImageParameter { Image = new() { Link = "https://example.com/a.png" } }] },
                        new() { Type = ComponentType.Body, Parameters = [new TextParameter { Text = "Ann" }] },
                        new() { Type = ComponentType.Button, SubType = ButtonSubType.QuickReply, Index = 0, Parameters = [new PayloadParameter { Payload = "t" }] },
                    ],
                },
            };
            static TemplateMessage Other() => new TemplateMessage { Template = new() { Namespace = "shop_ns", Name = "order_updte", Language = new() { Code = "en_US" }, Components = [] } };
            """;
        var (exit, output) = await Build(source, files: new() { ["whatsapp-templates.json"] = Templates }, items: TemplatesItem);

        Assert.NotEqual(0, exit);
        Assert.Equal(["14 error LMWA1204", "19 error LMWA1201"], Reported(output));
        Assert.Contains("the body of template 'order_update' needs 2 parameter(s) (customerName, orderNumber); this one has 1 (WhatsApp error 132000)", output);
        Assert.Contains("did you mean 'order_update'?", output);
    }

    /// <summary>The templates of <see cref="TemplateRegistryTests"/>' registry, as a templates file.</summary>
    private static readonly string CaseTemplates = TemplatesFile(("en_US", "APPROVED"), ("sv", "PAUSED"));

    [Fact]
    public async Task The_compile_time_template_checks_find_the_same_mistakes_with_the_templates_in_a_project_of_their_own()
    {
        // The analyzer tests' cases, one a line from line 5 on.
        var cases = TemplateRegistryTests.Cases.Select(c => ((string)c[0], (string)c[1])).ToList();
        string program = "using LinkMobility.WhatsApp;\nSystem.Console.WriteLine();\nstatic class Cases\n{\n"
            + string.Concat(cases.Select((c, i) => $"    public static Template Case{i}() => {c.Item2};\n")) + "}\n";
        string[] expected = [.. cases.Select((c, i) => $"{i + 5} {c.Item1}").Order()];
        const string item = """<WhatsAppTemplates Include="whatsapp-templates.json" Namespace="ns" />""";

        // In the app itself.
        var (inAppExit, inApp) = await Build(program, files: new() { ["whatsapp-templates.json"] = CaseTemplates }, items: item);
        // In a class library the app references.
        string work = Path.Combine(package.Folder, "layout-" + Guid.NewGuid().ToString("N")[..8]);
        string library = Path.Combine(work, "Shop.Templates");
        Repository.WriteConsumerProject(library, Path.Combine(package.Folder, "feed"), Path.Combine(package.Folder, "packages"), package.Version,
            new Dictionary<string, string> { ["whatsapp-templates.json"] = CaseTemplates });
        File.WriteAllText(Path.Combine(library, "Shop.Templates.csproj"), File.ReadAllText(Path.Combine(library, "App.csproj"))
            .Replace("<OutputType>Exe</OutputType>", "<OutputType>Library</OutputType><RootNamespace>Shop.Templates</RootNamespace>")
            .Replace("</Project>", $"  <ItemGroup>{item}</ItemGroup>\n</Project>"));
        File.Delete(Path.Combine(library, "App.csproj"));
        string app = Path.Combine(work, "App");
        Repository.WriteConsumerProject(app, Path.Combine(package.Folder, "feed"), Path.Combine(package.Folder, "packages"), package.Version,
            new Dictionary<string, string> { ["Program.cs"] = program });
        string appProject = Path.Combine(app, "App.csproj");
        File.WriteAllText(appProject, File.ReadAllText(appProject).Replace("</Project>", """  <ItemGroup><ProjectReference Include="../Shop.Templates/Shop.Templates.csproj" /></ItemGroup>""" + "\n</Project>"));
        var (referencedExit, referenced) = await Repository.DotnetAsync(app, "build");

        Assert.NotEqual(0, inAppExit);
        Assert.Equal(expected, LinesAndCodes(inApp));
        Assert.NotEqual(0, referencedExit);
        Assert.Equal(expected, LinesAndCodes(referenced));
        Assert.Equal(Reported(inApp), Reported(referenced));   // the same severities
        Assert.Equal(Findings(inApp), Findings(referenced));   // and the same words

        // At run time: the referenced templates are registered when the app starts, before it touches a builder, and the builders build.
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using LinkMobility.WhatsApp.Templates;
            System.Console.WriteLine($"registered {TemplateRegistry.Generated.Definitions.Count}");
            System.Console.WriteLine(Shop.Templates.WhatsAppTemplates.OrderUpdate.Create(Shop.Templates.WhatsAppTemplates.OrderUpdate.Language.EnglishUS,
                headerImage: new System.Uri("https://example.com/a.png"), customerName: "Ann", orderNumber: "42", trackPayload: "t").ToJson());
            """);
        var (runExit, run) = await Repository.DotnetAsync(app, "run");
        Assert.True(runExit == 0, run);
        Assert.Contains("registered 2", run);
        Assert.Contains("\"name\":\"order_update\"", run);

        static List<string> LinesAndCodes(string output) => [.. Reported(output).Select(r => Regex.Replace(r, " (error|warning) ", " "))];
        static List<string> Findings(string output) => [.. Regex.Matches(output, @"Program\.cs\((\d+),\d+\): (error|warning) (LMWA\d{4}): ([^\[]+)").Select(m => m.Value.Trim()).Distinct().Order()];
    }

    [Fact]
    public async Task The_oldest_compiler_package_served_gives_the_same_diagnostics_and_the_same_builders()
    {
        // Microsoft.Net.Compilers.Toolset 4.14.0 puts its own csc in the build, in place of the SDK's; the .NET 10 SDK
        // takes a toolset package's compiler only when RoslynCompilerType names no compiler of its own.
        const string OldCompiler = """<PackageReference Include="Microsoft.Net.Compilers.Toolset" Version="4.14.0" PrivateAssets="all" />""";
        const string Custom = "<RoslynCompilerType>Custom</RoslynCompilerType>";
        var (newExit, newOutput) = await Build(InvalidProgram);
        var (oldExit, oldOutput) = await Build(InvalidProgram, items: OldCompiler, properties: Custom, arguments: ["-v:n"]);
        Assert.Matches(@"microsoft\.net\.compilers\.toolset[/\\]4\.14\.0[/\\]tasks[/\\].*csc", oldOutput.ToLowerInvariant());
        Assert.True(newExit != 0 && oldExit != 0, oldOutput);
        Assert.Equal(Reported(newOutput), Reported(oldOutput));
        Assert.Equal(7, Reported(oldOutput).Count);

        string builders = """
            using App;
            using LinkMobility.WhatsApp;

            System.Console.WriteLine(WhatsAppTemplates.OrderUpdate.Create(WhatsAppTemplates.OrderUpdate.Language.EnglishUS,
                headerImage: new System.Uri("https://example.com/a.png"), customerName: "Ann", orderNumber: "42", trackPayload: "t").ToJson());
            """;
        var files = new Dictionary<string, string> { ["whatsapp-templates.json"] = Templates };
        var (newRun, newJson) = await Build(builders, files, TemplatesItem, command: "run");
        var (oldRun, oldJson) = await Build(builders, files, TemplatesItem + OldCompiler, properties: Custom, command: "run");
        Assert.True(newRun == 0 && oldRun == 0, newJson + oldJson);
        static string Message(string output) => Regex.Match(output, @"^\{""type"":""template"".*$", RegexOptions.Multiline).Value.TrimEnd();
        Assert.Contains("\"name\":\"order_update\"", Message(oldJson));
        Assert.Equal(Message(newJson), Message(oldJson));
    }

    [Fact]
    public async Task From_zero_a_new_web_app_with_the_packages_sends_to_the_sandbox_and_gets_its_delivery_report()
    {
        // The README's steps: pack into a folder, dotnet new web, add the packages from the folder, the sample's Program.cs, run.
        string root = Path.Combine(package.Folder, "zero"), feed = Path.Combine(root, "feed"), app = Path.Combine(root, "MyApp");
        // The app restores into a NuGet cache of its own: nothing from earlier runs. The pack keeps the solution's cache,
        // or its restore would point the repository's projects at a folder deleted after the test.
        async Task<string> Dotnet(string directory, params string[] args)
        {
            var (exit, output, error) = await Repository.ExecuteAsync("dotnet", args, TimeSpan.FromMinutes(10), directory, ("NUGET_PACKAGES", Path.Combine(root, "nuget")));
            Assert.True(exit == 0, $"dotnet {string.Join(' ', args)} exited {exit}:\n{output}{error}");
            return output + error;
        }
        Directory.CreateDirectory(root);
        // Debug, which the solution's build has made already: the pack's build finds it up to date.
        await Repository.PackAsync(feed, package.Version, project: "Packages.slnf");
        await Dotnet(root, "new", "web", "-o", app);
        await Dotnet(app, "new", "nugetconfig");
        await Dotnet(app, "nuget", "add", "source", feed, "-n", "linkwa", "--configfile", "nuget.config");
        foreach (string id in new[] { "LinkMobility.WhatsApp", "LinkMobility.WhatsApp.AspNetCore", "LinkMobility.WhatsApp.Sandbox" })
        {
            await Dotnet(app, "add", "package", id, "--version", package.Version);
        }
        File.Copy(Path.Combine(Repository.Root, "samples", "zero-to-app", "Program.cs"), Path.Combine(app, "Program.cs"), overwrite: true);

        string output = await Dotnet(app, "run");
        string sent = Regex.Match(output, @"^sent (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEqual("", sent);
        Assert.Matches($@"(?m)^delivered {Regex.Escape(sent)}: Delivered", output);
    }

    [Fact]
    public async Task A_malformed_templates_file_fails_the_build_at_its_line()
    {
        string broken = "[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"BODY\", \"text\": \"{{1}} and {{3}}\"}]}\n]";
        var (exit, output) = await Build("System.Console.WriteLine();", files: new() { ["whatsapp-templates.json"] = broken }, items: TemplatesItem);
        Assert.NotEqual(0, exit);
        Assert.Matches(@"whatsapp-templates\.json\(3,\d+\): error LMWA0013: .*out of sequence", output);
    }

    [Fact]
    public async Task A_console_sender_that_shares_its_limits_on_redis_takes_no_aspnetcore()
    {
        // The Redis package beside the core one in the feed, at the same version.
        await Repository.PackAsync(Path.Combine(package.Folder, "feed"), package.Version, project: "runtime/LinkMobility.WhatsApp.Redis/LinkMobility.WhatsApp.Redis.csproj");
        string source = """
            using LinkMobility.WhatsApp;
            using LinkMobility.WhatsApp.Limits;
            using LinkMobility.WhatsApp.Redis;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;

            var options = new WhatsAppClientOptions { Region = LinkRegion.NEu, Username = "u", Password = "p", Limits = { Enabled = true } };
            IConnectionMultiplexer redis = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
            WhatsAppSendLimiters limiters = RedisSendLimiters.Create(redis, options.Limits, new WhatsAppRedisOptions());
            var client = new WhatsAppClient(new System.Net.Http.HttpClient(), options, limiters: limiters);
            var ledger = new RedisCampaignLedger(redis);
            var services = new ServiceCollection().AddWhatsAppRedis(o => o.KeyPrefix = "app:");
            System.Console.WriteLine($"{client is not null} {ledger is not null} {services.Count > 0}");
            """;
        string version = package.Version;
        var (exit, output) = await Build(source, items: $"""<PackageReference Include="LinkMobility.WhatsApp.Redis" Version="{version}" />""", command: "run");
        Assert.True(exit == 0, output);
        Assert.Contains("True True True", output);
        string assets = File.ReadAllText(Directory.GetFiles(package.Folder, "project.assets.json", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f).Contains("LinkMobility.WhatsApp.Redis/" + version, StringComparison.Ordinal)));
        Assert.DoesNotContain("Microsoft.AspNetCore.App", assets);
        Assert.Contains("Microsoft.Extensions.Diagnostics.HealthChecks", assets);   // the health check's only need
    }

    private Task<(int Exit, string Output)> Build(string program, Dictionary<string, string>? files = null, string? items = null, string command = "build", string[]? arguments = null, string? properties = null)
    {
        string project = Path.Combine(package.Folder, "app-" + Guid.NewGuid().ToString("N")[..8]);
        var sources = new Dictionary<string, string>(files ?? []) { ["Program.cs"] = program };
        Repository.WriteConsumerProject(project, Path.Combine(package.Folder, "feed"), Path.Combine(package.Folder, "packages"), package.Version, sources);
        if (items is not null || properties is not null)
        {
            string csproj = Path.Combine(project, "App.csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", $"  <ItemGroup>{items}</ItemGroup>\n  <PropertyGroup>{properties}</PropertyGroup>\n</Project>"));
        }
        return Repository.DotnetAsync(project, [command, .. arguments ?? []]);
    }
}
