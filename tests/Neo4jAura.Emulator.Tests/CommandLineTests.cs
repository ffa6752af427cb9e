using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Neo4jAura.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void ParsesEveryOption()
    {
        var o = EmulatorCommandLine.Parse(new[]
        {
            "--urls", "http://127.0.0.1:0", "--client-id", "id", "--client-secret=sec", "--transition-seconds", "0.5",
            "--snapshot-seconds", "2", "--token-lifetime-seconds", "30", "--rate-limit", "10", "--token-rate-limit", "4",
            "--state", "s.json", "--seed", "seed.json", "--extra-client", "two:2secret", "--creation-seconds", "7",
            "--control-token", "0123456789abcdef", "--log-requests",
        })!;
        Assert.Equal(TimeSpan.FromSeconds(7), o.CreationTime);
        Assert.Equal("0123456789abcdef", o.ControlToken);
        Assert.Same(Console.Out, o.RequestLogWriter);
        Assert.Equal("http://127.0.0.1:0", o.Urls);
        Assert.Equal("id", o.ClientId);
        Assert.Equal("sec", o.ClientSecret);
        Assert.Equal(TimeSpan.FromSeconds(0.5), o.TransitionTime);
        Assert.Equal(TimeSpan.FromSeconds(2), o.SnapshotTime);
        Assert.Equal(TimeSpan.FromSeconds(30), o.TokenLifetime);
        Assert.Equal(10, o.RateLimitPerMinute);
        Assert.Equal(4, o.TokenLimitPerHour);
        Assert.Equal("s.json", o.StateFile);
        Assert.Equal("seed.json", o.SeedFile);
        Assert.Equal("2secret", o.AdditionalClients["two"]);
    }

    [Fact]
    public void DefaultsMatchTheBrief()
    {
        var o = EmulatorCommandLine.Parse(Array.Empty<string>())!;
        Assert.Equal("http://127.0.0.1:8787", o.Urls);
        Assert.Null(o.ClientId);
        Assert.Equal(TimeSpan.FromSeconds(3), o.TransitionTime);
        Assert.Equal(TimeSpan.FromSeconds(3), o.SnapshotTime);
        Assert.Equal(TimeSpan.FromSeconds(3600), o.TokenLifetime);
        Assert.Equal(125, o.RateLimitPerMinute);
        Assert.Equal(15, o.TokenLimitPerHour);
        Assert.Equal(0, EmulatorCommandLine.Parse(new[] { "--no-token-limit" })!.TokenLimitPerHour);
        Assert.Null(EmulatorCommandLine.Parse(new[] { "--help" }));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--rate-limit", "many")]
    [InlineData("--transition-seconds", "-1")]
    [InlineData("--client-id")]
    [InlineData("--extra-client", "nocolon")]
    [InlineData("--transition-seconds", "1e300")]
    [InlineData("--snapshot-seconds", "86401")]
    [InlineData("--creation-seconds", "NaN")]
    [InlineData("--urls", "not-a-url")]
    [InlineData("--urls", "ftp://127.0.0.1:1")]
    [InlineData("--control-token", "short")]
    public void BadArgumentsAreRefused(params string[] args) =>
        Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(args));

    [Fact]
    public async Task BannerHasTheExactFormat()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ClientId = "ID", ClientSecret = "SECRET" });
        var lines = EmulatorCommandLine.Banner(server).Split(Environment.NewLine);
        Assert.Equal("Neo4j Aura API emulator", lines[0]);
        Assert.Matches(@"^  Listening on:  http://127\.0\.0\.1:[1-9]\d*$", lines[1]);
        Assert.Equal("  Client id:     ID", lines[2]);
        Assert.Equal("  Client secret: SECRET", lines[3]);
        Assert.Equal("  State file:    none (state in memory)", lines[4]);
        Assert.Equal("  Timings:       transitions 3 s, creation 3 s, snapshots 3 s, tokens 3600 s", lines[6]);
        Assert.Equal(lines[1].Substring(17) + "/", server.BaseUri.ToString());
    }

    [Fact]
    public async Task GeneratesCredentialsWhenNoneAreGiven()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        Assert.False(string.IsNullOrWhiteSpace(server.ClientId));
        Assert.True(server.ClientSecret.Length >= 32);
    }

    [Fact]
    public async Task ProcessPrintsTheBannerAndServes()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Neo4jAura.Emulator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--client-id", "proc-id", "--client-secret", "proc-secret", "--no-token-limit" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (lines.Count < 4)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new Xunit.Sdk.XunitException("Emulator exited: " + await process.StandardError.ReadToEndAsync());
                lines.Add(line);
            }

            Assert.Equal("Neo4j Aura API emulator", lines[0]);
            var url = Regex.Match(lines[1], @"^  Listening on:  (http://127\.0\.0\.1:\d+)$").Groups[1].Value;
            Assert.NotEqual("", url);
            Assert.Equal("  Client id:     proc-id", lines[2]);

            using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
            {
                Content = new StringContent("grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("proc-id:proc-secret")));
            using var tokenResponse = await http.SendAsync(tokenRequest);
            var token = (string)JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!["access_token"]!;
            using var list = new HttpRequestMessage(HttpMethod.Get, "v1/instances");
            list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(list);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task ProcessExitsWithAClearErrorForACorruptStateFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "aura-emu-corrupt-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "{ nope");
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Neo4jAura.Emulator.dll"), "--urls", "http://127.0.0.1:0", "--state", path })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("not valid JSON", await stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Neo4jAura.Emulator.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ProcessExitsWith2ForAnOutOfRangeDuration()
    {
        var (code, _, stderr) = await RunProcessAsync("--transition-seconds", "1e300");
        Assert.Equal(2, code);
        Assert.Contains("from 0 to 86400", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public async Task ProcessSaysClearlyWhenTheStateFileIsADirectory()
    {
        var (code, _, stderr) = await RunProcessAsync("--urls", "http://127.0.0.1:0", "--state", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("is a directory", stderr);
        Assert.DoesNotContain("cannot listen", stderr);
    }

    [Fact]
    public async Task ProcessReportsAPortInUseInOneLine()
    {
        await using var busy = await EmulatorServer.StartAsync(new EmulatorOptions());
        var (code, stdout, stderr) = await RunProcessAsync("--urls", busy.BaseUri.ToString().TrimEnd('/'));
        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("cannot listen on", lines[0]);
        Assert.Contains("already in use", lines[0]);
        Assert.Equal("", stdout);
    }
}
