using System.Diagnostics;
using System.Text.Json;
using LinkMobility.WhatsApp.Cli;
using Xunit;

namespace LinkMobility.WhatsApp.Tests;

/// <summary>linkwa as a user runs it: what it prints, and its exit codes.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = LinkMobility.WhatsApp.Cli.Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Example(string name) => Path.Combine(Examples.Directory, name);

    /// <summary>Runs linkwa with a temporary JSON file named in its arguments as {file}.</summary>
    private static (int Exit, string Out, string Err, string File) RunOnFile(string content, params string[] args)
    {
        string file = Path.Combine(Path.GetTempPath(), $"linkwa-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, content);
        try
        {
            var (exit, output, error) = Run(args.Select(a => a.Replace("{file}", file)).ToArray());
            return (exit, output, error, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Inspect_says_what_each_payload_is()
    {
        var (exit, output, error) = Run("inspect", Example("message-request.json"), Example("event-report.json"), Example("alternative-receive-message-text.json"));
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("message-request.json: message request (MessageRequest)", output);
        Assert.Contains("event-report.json: event report (EventReport)", output);
        Assert.Contains("alternative-receive-message-text.json: alternative receive message (AlternativeReceiveMessage)", output);
        Assert.Contains("  \"priority\": \"NORMAL\",", output);
    }

    [Fact]
    public void Inspect_json_prints_one_document_per_file_for_scripts()
    {
        var (exit, output, _) = Run("inspect", "--json", Example("message-response.json"), Example("message-text.json"));
        Assert.Equal(0, exit);
        string[] lines = output.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"resultCode":112001,"description":"queued","messageIds":["8aU6cwxAKE9NzMLrS6M82Y","1aU6cwxAKE9NzMLrS6M82C"]}""", lines[0]);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(lines[1]).RootElement.ValueKind);
    }

    [Fact]
    public void Inspect_reports_malformed_json_with_line_and_position_and_exits_1()
    {
        var (exit, output, error, file) = RunOnFile("{\n  \"resultCode\": 112001,\n  \"description\" \"queued\"\n}", "inspect", "{file}");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"{file}: line 3, position 17: Malformed JSON", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Inspect_reports_a_semantic_fault_with_its_path()
    {
        string sticker = Examples.Text("message-request.json").Replace("\"type\": \"template\"", "\"type\": \"sticker\"");
        var (exit, _, error, _) = RunOnFile(sticker, "inspect", "{file}", Example("message-text.json"));
        Assert.Equal(1, exit);
        Assert.Contains("line 26, position 15: 'sticker' is not a known message type", error);
        Assert.Contains("(at messages[0].type)", error);
    }

    [Fact]
    public void Inspect_says_when_json_is_no_payload_or_the_file_is_missing()
    {
        var (exit, _, error, _) = RunOnFile("""{"hello":"world"}""", "inspect", "{file}", "/no/such/file.json");
        Assert.Equal(1, exit);
        Assert.Contains("not a payload of the LINK Mobility WhatsApp Message API 1.4.2", error);
        Assert.Contains("/no/such/file.json: cannot read the file", error);
    }

    [Fact]
    public void Validate_prints_one_line_per_problem_and_a_summary()
    {
        string request = Examples.Text("message-request.json")
            .Replace("\"+460000000002\"", "\"12\"")
            .Replace("\"code\": \"en\"", "\"code\": \"en-us\"");
        var (exit, output, error, file) = RunOnFile(request, "validate", "{file}", Example("message-template-interactive.json"));
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Equal(
        [
            $"{file}: destinations[1]: LMWA1008: '12' is not a plausible phone number: it has too few digits (an MSISDN has 5 to 15)",
            $"{file}: messages[0].template.language.code: LMWA1009: 'en-us' is not a supported template language; did you mean en_US?",
            $"{file}: $: LMWA1017: warning: absoluteValidityTime and relativeValidityTime are both set; absoluteValidityTime wins",
            "2 files: 1 valid, 1 not; 2 errors, 1 warning",
        ], output.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void Validate_exits_0_for_valid_files_with_warnings()
    {
        var (exit, output, _) = Run("validate", Example("message-request.json"), Example("receive-message-media.json"));
        Assert.Equal(0, exit);
        Assert.EndsWith("2 files: 2 valid, 0 not; 0 errors, 1 warning", output.TrimEnd());
    }

    [Theory]
    [InlineData("{\"refId\" 1}", "$: LMWA1100: Malformed JSON")]
    [InlineData("{}", "$: LMWA1001: 'platformId' is missing; a message request requires it")]
    [InlineData("[]", "$: LMWA1101: Expected a payload (a JSON object) but found a list")]
    [InlineData("{\"messages\":[{\"type\":\"sticker\"}]}", "messages[0].type: LMWA1102: 'sticker' is not a known message type")]
    public void Validate_reports_json_problems_in_the_same_form(string json, string expected)
    {
        var (exit, output, error, file) = RunOnFile(json, "validate", "{file}");
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Contains($"{file}: {expected}", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void Demo_sends_every_type_follows_the_reports_and_exits_0_when_all_were_delivered()
    {
        var (exit, output, error) = Run("demo");
        Assert.True(exit == 0, error);
        foreach (string type in new[] { "text", "image", "location", "audio", "video", "document", "contacts", "text template", "media template", "interactive template" })
        {
            Assert.Matches($"(?m)^sent     {type} +message id [0-9A-Za-z]{{22}}$", output);
            Assert.Matches($"(?m)^report   {type} +[0-9A-Za-z]{{22}}: delivered \\(112003\\)$", output);
        }
        Assert.Contains("refused  text before the customer wrote: The message request was not sent: only a template message can go to +46700000001, whose 24-hour customer care window never opened", output);
        Assert.Contains("received from +46700000001: text 'Hi! Where is my order?'", output);
        Assert.Contains("received from +46700000001: button 'Track my order' (payload track-42) in reply to interactive template", output);
        Assert.EndsWith("All 10 messages were delivered.", output.TrimEnd());
    }

    [Fact]
    public async Task Send_queues_a_text_with_the_sandbox_and_prints_the_ids()
    {
        await using var sandbox = await LinkMobility.WhatsApp.Sandbox.LinkSandbox.StartAsync();
        var (exit, output, error) = Run("send", "--url", sandbox.BaseUrl.ToString(), "--allow-http", "--user", "sandbox", "--password", "sandbox",
            "--platform-id", "p", "--partner-id", "pp", "--from", "+46700000000", "--to", "+46700000001,+46700000002", "--text", "Hello", "--ref-id", "cli-1");
        Assert.True(exit == 0, error);
        Assert.StartsWith("Queued (112001), refId cli-1", output);
        Assert.Matches("(?m)^\\+46700000002: [0-9A-Za-z]{22}$", output);
        Assert.Equal("Hello", Assert.IsType<TextMessage>(Assert.Single(Assert.Single(sandbox.ReceivedRequests).Messages)).Text.Body);
    }

    [Fact]
    public async Task Send_reports_an_invalid_request_and_a_refusal_without_sending()
    {
        await using var sandbox = await LinkMobility.WhatsApp.Sandbox.LinkSandbox.StartAsync();
        var invalid = Run("send", "--url", sandbox.BaseUrl.ToString(), "--allow-http", "--user", "sandbox", "--password", "sandbox",
            "--platform-id", "p", "--partner-id", "pp", "--from", "+46700000000", "--to", "12", "--text", "Hello");
        Assert.Equal(1, invalid.Exit);
        Assert.Contains("destinations[0]: LMWA1008", invalid.Err);

        var refused = Run("send", "--url", sandbox.BaseUrl.ToString(), "--allow-http", "--user", "sandbox", "--password", "wrong-secret",
            "--platform-id", "p", "--partner-id", "pp", "--from", "+46700000000", "--to", "+46700000001", "--text", "Hello");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("answered 401 with result code 112400", refused.Err);
        Assert.DoesNotContain("wrong-secret", refused.Err);

        var insecure = Run("send", "--url", sandbox.BaseUrl.ToString(), "--platform-id", "p", "--partner-id", "pp", "--from", "+46700000000", "--to", "+46700000001", "--text", "x");
        Assert.Equal(2, insecure.Exit);
        Assert.Contains("requires TLS 1.2", insecure.Err);
        Assert.Empty(sandbox.ReceivedRequests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("inspect")]
    [InlineData("inspect --yaml x.json")]
    [InlineData("codes extra")]
    [InlineData("validate")]
    [InlineData("validate --strict x.json")]
    [InlineData("demo now")]
    [InlineData("send --text hi")]
    [InlineData("send --region Mars --text hi")]
    [InlineData("sandbox --port many")]
    [InlineData("sandbox --gate nourl")]
    [InlineData("templates")]
    [InlineData("templates a.json b.json")]
    [InlineData("validate --templates")]
    public void Wrong_usage_exits_2_with_a_hint(string commandLine)
    {
        var (exit, output, error) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("linkwa", error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("inspect", "--help")]
    [InlineData("codes", "--help")]
    [InlineData("validate", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("send", "--help")]
    [InlineData("sandbox", "--help")]
    [InlineData("templates", "--help")]
    [InlineData("languages", "-h")]
    [InlineData("templates", "diff", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var (exit, output, _) = Run(args);
        Assert.Equal(0, exit);
        // In this test host the root command is named after the host; The_real_program_runs... reads linkwa's own.
        Assert.Matches(@"Usage:\s+\S+", output);
        if (args.Length > 1)
        {
            // A command's help ends with how to use it: examples that name it, and its exit codes.
            string command = string.Join(' ', args[..^1]);
            Assert.Matches($@"Usage:\s+\S+ {command} ", output);
            Assert.Matches($@"Examples:\s+linkwa {command}", output);
            Assert.Contains("Exit codes: 0 ", output);
        }
    }

    [Theory]
    [InlineData("inspect --yaml x.json", "linkwa inspect: Unrecognized option '--yaml'. Run 'linkwa inspect --help'.")]
    [InlineData("validate --templates", "linkwa validate: Required argument missing for option: '--templates'.")]
    [InlineData("sandbox --port many", "linkwa sandbox: Cannot parse argument 'many' for option '--port'")]
    [InlineData("sandbox --port 70000", "linkwa sandbox: 70000 is not a port number (0 to 65535). Run 'linkwa sandbox --help'.")]
    [InlineData("frobnicate", "linkwa: Unrecognized command or argument 'frobnicate'. Run 'linkwa --help'.")]
    [InlineData("templates diff a.json", "linkwa templates diff: Required argument missing for command: 'diff'. Run 'linkwa templates diff --help'.")]
    public void Wrong_usage_names_itself_in_one_line_without_a_stack_trace(string commandLine, string expected)
    {
        var (exit, _, error) = Run(commandLine.Split(' '));
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Options_take_the_posix_forms_and_come_from_response_files()
    {
        var (exit, output, error) = Run("inspect", "-j", Example("message-response.json"));
        Assert.True(exit == 0, error);
        Assert.StartsWith("{\"resultCode\":112001", output);

        string responseFile = Path.Combine(Path.GetTempPath(), $"linkwa-{Guid.NewGuid():N}.rsp");
        File.WriteAllLines(responseFile, ["validate", "--templates=" + DemoTemplates, "--namespace:demo_namespace", Example("message-request.json")]);
        try
        {
            // The response file's --templates took effect: the example's template is not one of the demo's.
            var fromFile = Run("@" + responseFile);
            Assert.Equal(1, fromFile.Exit);
            Assert.Contains("messages[0].template.name: LMWA1201: 'yourTemplate' is not one of your templates", fromFile.Out);
        }
        finally
        {
            File.Delete(responseFile);
        }
    }

    [Fact]
    public void The_suggest_directive_completes_commands_and_options()
    {
        var commands = Run("[suggest:9]", "linkwa sa");
        Assert.Equal(0, commands.Exit);
        Assert.Equal(["sandbox"], commands.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var options = Run("[suggest:18]", "linkwa sandbox --p");
        Assert.Equal(["--password", "--port"], options.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The demo's templates file, as linkwa's build reads it.</summary>
    private static string DemoTemplates => Path.Combine(LinkMobility.WhatsApp.Testing.Repository.Root, "samples", "linkwa", "whatsapp-templates.json");

    [Fact]
    public void Templates_lists_each_template_with_its_parameters()
    {
        var (exit, output, error) = Run("templates", DemoTemplates);
        Assert.True(exit == 0, error + output);
        Assert.Contains("order_update (en_US, APPROVED, UTILITY)\n  the body: orderNumber (text|currency|dateTime)\n  button 0 (quickReply): trackPayload (payload)\n  button 1 (url): orderPath (text)\n", output.Replace("\r", ""));
        Assert.EndsWith("4 template(s); 0 error(s), 0 warning(s)", output.TrimEnd());
    }

    [Fact]
    public void Templates_reports_a_malformed_file_at_its_line_and_exits_1()
    {
        var (exit, output, _, file) = RunOnFile("[\n  {\"name\": \"a\", \"language\": \"en_US\", \"components\": [\n    {\"type\": \"BODY\", \"text\": \"{{2}}\"}]}\n]", "templates", "{file}");
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:3:5: error: the placeholders of template 'a' (en_US)'s body are out of sequence", output);
        var (missing, missingOutput) = Run("templates", "/no/such/templates.json") is var r ? (r.Exit, r.Out) : default;
        Assert.Equal(1, missing);
        Assert.Contains("cannot read the file", missingOutput);
    }

    private const string OldTemplates = """
        [
         {"name":"a","language":"en_US","status":"APPROVED","components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Hi {{1}}"},{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Yes"}]}]},
         {"name":"b","language":"en_US","status":"PENDING","components":[{"type":"BODY","text":"B"}]},
         {"name":"c","language":"sv","status":"APPROVED","components":[{"type":"BODY","text":"C"}]}
        ]
        """;

    private const string NewTemplates = """
        [
         {"name":"a","language":"en_US","status":"APPROVED","components":[{"type":"HEADER","format":"VIDEO"},{"type":"BODY","text":"Hi {{1}} and {{2}}"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Go","url":"https://example.com/{{1}}"}]}]},
         {"name":"b","language":"en_US","status":"APPROVED","components":[{"type":"BODY","text":"B"}]},
         {"name":"d","language":"en_US","status":"APPROVED","components":[{"type":"BODY","text":"D"}]}
        ]
        """;

    /// <summary>Runs linkwa with two temporary files named in its arguments as {old} and {new}.</summary>
    private static (int Exit, string Out, string Err) RunOnTwoFiles(string old, string @new, params string[] args)
    {
        string oldFile = Path.Combine(Path.GetTempPath(), $"linkwa-old-{Guid.NewGuid():N}.json"), newFile = Path.Combine(Path.GetTempPath(), $"linkwa-new-{Guid.NewGuid():N}.json");
        File.WriteAllText(oldFile, old);
        File.WriteAllText(newFile, @new);
        try
        {
            return Run(args.Select(a => a.Replace("{old}", oldFile).Replace("{new}", newFile)).ToArray());
        }
        finally
        {
            File.Delete(oldFile);
            File.Delete(newFile);
        }
    }

    [Fact]
    public void Templates_diff_lists_what_changed_marks_what_breaks_and_exits_1()
    {
        var (exit, output, error) = RunOnTwoFiles(OldTemplates, NewTemplates, "templates", "diff", "{old}", "{new}");
        Assert.True(exit == 1, error);
        Assert.Equal(
            """
            ~ a (en_US): the header: parameter 1 headerImage (image) -> headerVideo (video)  [breaking]
            ~ a (en_US): the body: 1 parameter(s) (body1) -> 2 parameter(s) (body1, body2)  [breaking]
            ~ a (en_US): button 0 (quickReply): a quickReply button -> a url button, with 1 parameter(s) (goText)  [breaking]
            ~ b (en_US): status PENDING -> APPROVED
            - c (sv): removed  [breaking]
            + d (en_US): added (APPROVED)
            6 change(s), 4 breaking
            """, output.Replace("\r", "").TrimEnd());
    }

    [Fact]
    public void Templates_diff_exits_0_when_nothing_breaks_and_speaks_json_for_scripts()
    {
        // Only additions and an approval: code built against the old file still fits.
        string widened = OldTemplates.Replace("\"status\":\"PENDING\"", "\"status\":\"APPROVED\"").Replace("\n]", ",\n {\"name\":\"c\",\"language\":\"en_US\",\"status\":\"APPROVED\",\"components\":[{\"type\":\"BODY\",\"text\":\"C\"}]}\n]");
        var (exit, output, error) = RunOnTwoFiles(OldTemplates, widened, "templates", "diff", "{old}", "{new}");
        Assert.True(exit == 0, error + output);
        Assert.Equal("~ b (en_US): status PENDING -> APPROVED\n+ c (en_US): added (APPROVED)\n2 change(s), 0 breaking", output.Replace("\r", "").TrimEnd());

        var json = RunOnTwoFiles(OldTemplates, NewTemplates, "templates", "diff", "--json", "{old}", "{new}");
        Assert.Equal(1, json.Exit);
        using JsonDocument document = JsonDocument.Parse(json.Out);
        Assert.Equal(4, document.RootElement.GetProperty("breaking").GetInt32());
        var changes = document.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["shape", "shape", "shape", "status", "removed", "added"], changes.Select(c => c.GetProperty("kind").GetString()));
        Assert.False(changes[3].GetProperty("breaking").GetBoolean());

        var unreadable = RunOnTwoFiles(OldTemplates, "[ nope", "templates", "diff", "{old}", "{new}");
        Assert.Equal(1, unreadable.Exit);
        Assert.Contains("error:", unreadable.Err);
    }

    [Fact]
    public void Templates_diff_counts_a_widened_parameter_as_safe_and_a_narrowed_one_as_breaking()
    {
        static LinkMobility.WhatsApp.Templates.TemplateRegistry With(params string[] kinds) => new(
        [
            new LinkMobility.WhatsApp.Templates.TemplateDefinition("ns", "a", "en_US", "APPROVED", null,
                [new LinkMobility.WhatsApp.Templates.TemplateComponentDefinition("body", null, null, [new LinkMobility.WhatsApp.Templates.TemplateParameterDefinition("amount", kinds)])]),
        ]);
        TemplateChange widened = Assert.Single(TemplatesDiff.Compare(With("text"), With("text", "currency")));
        Assert.False(widened.Breaking);
        Assert.Equal("the body: amount takes text or currency, not text", widened.Detail);
        Assert.True(Assert.Single(TemplatesDiff.Compare(With("text", "currency"), With("currency"))).Breaking);
    }

    [Fact]
    public void Validate_with_templates_checks_template_messages_against_them()
    {
        const string request = """
            {"platformId":"p","platformPartnerId":"pp","refId":"r","priority":"NORMAL","source":"+46700000000","destinations":["+46700000001"],
             "messages":[{"type":"template","template":{"namespace":"demo_namespace","name":"order_update","language":{"code":"en_US"},
               "components":[{"type":"body","parameters":[{"type":"text","text":"42"},{"type":"text","text":"43"}]}]}}]}
            """;
        var (exit, output, _, file) = RunOnFile(request, "validate", "--templates", DemoTemplates, "{file}");
        Assert.Equal(1, exit);
        Assert.Contains($"{file}: messages[0].template.components[0]: LMWA1204: the body of template 'order_update' needs 1 parameter(s) (orderNumber); this one has 2", output);
        Assert.Contains($"{file}: messages[0].template.components: LMWA1208: template 'order_update' needs button 0 (quickReply)", output);
        // Without the templates file only the document's rules apply, and the request keeps to them.
        var (plain, plainOutput, _, _) = RunOnFile(request, "validate", "{file}");
        Assert.True(plain == 0, plainOutput);
    }

    [Fact]
    public void Codes_and_languages_list_the_tables()
    {
        var (exit, codes, _) = Run("codes");
        Assert.Equal(0, exit);
        Assert.Equal(15, codes.TrimEnd().Split(Environment.NewLine).Length);
        Assert.Contains("112404  failure  yes    Invalid contact.        The destination is not a valid WhatsApp destination.", codes);

        var (_, languages, _) = Run("languages");
        Assert.Equal(69, languages.TrimEnd().Split(Environment.NewLine).Length);
        Assert.Contains("zh_HK   Chinese (HKG)", languages);
    }

    [Fact]
    public async Task The_real_program_runs_with_the_documented_exit_codes()
    {
        string linkwa = Path.Combine(AppContext.BaseDirectory, "linkwa.dll");
        Task<(int exit, string output, string error)> Start(params string[] args) =>
            LinkMobility.WhatsApp.Testing.Repository.ExecuteAsync("dotnet", [linkwa, .. args], TimeSpan.FromMinutes(1));

        var ok = await Start("inspect", Example("receive-message-media.json"));
        Assert.Equal((0, ""), (ok.exit, ok.error));
        Assert.StartsWith($"{Example("receive-message-media.json")}: receive message (ReceiveMessage)", ok.output);

        // The sandbox stops cleanly on SIGTERM, as under systemd or in a container.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { linkwa, "sandbox", "--port", "0" }) info.ArgumentList.Add(arg);
        using (Process sandbox = Process.Start(info)!)
        {
            Task<string> sandboxError = sandbox.StandardError.ReadToEndAsync();
            string? first = await sandbox.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Sandbox listening at http://127.0.0.1:", first);
            string? inbox = await sandbox.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Matches(@"^Inbox \(a phone in the browser\): http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{32}$", inbox);
            using (Process kill = Process.Start("kill", ["-TERM", sandbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            string rest = await sandbox.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await sandbox.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, sandbox.ExitCode);
            Assert.StartsWith("Stopped after 0 request(s)", rest);
            Assert.Equal("", await sandboxError);
        }

        var usage = await Start("inspect");
        Assert.Equal(2, usage.exit);
        Assert.Equal("linkwa inspect: Required argument missing for command: 'inspect'. Run 'linkwa inspect --help'.", usage.error.Trim());
        var help = await Start("send", "--help");
        Assert.Equal(0, help.exit);
        Assert.Contains("Usage:\n  linkwa send [options]", help.output.Replace("\r", ""));
        var unreadable = await Start("inspect", linkwa);
        Assert.Equal(1, unreadable.exit);
        Assert.DoesNotContain("Unhandled exception", unreadable.error);
    }
}
