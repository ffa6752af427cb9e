using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Neo4jAura.Client;
using Xunit;

namespace Neo4jAura.Tests.Reliability;

/// <summary>
/// Restore-AuraSnapshot -TargetInstanceId replaces an instance's data: at the default $ConfirmPreference it asks
/// once, naming the target, and sends the overwrite only on Yes; Yes to All covers the rest of the pipeline;
/// -Force does not ask; -WhatIf sends nothing, also with -Force. The host answers the prompts (RecordingHost.Answers).
/// </summary>
public class OverwritePromptTests
{
    private const string Snapshot = "5a6b7c8d-0000-4000-8000-000000000001";

    private static (StubAura Stub, ConcurrentQueue<string> Overwrites) NewAura()
    {
        var overwrites = new ConcurrentQueue<string>();
        var stub = new StubAura();
        stub.Api = (request, _) =>
        {
            var path = request.RequestUri!.AbsolutePath;
            var id = path.Split('/')[3];
            if (request.Method.Method == "POST" && path.EndsWith("/overwrite"))
            {
                overwrites.Enqueue(id);
                return StubAura.Json(202, $"{{\"data\":{{\"id\":\"{id}\",\"name\":\"db-{id}\",\"status\":\"overwriting\"}}}}");
            }
            return StubAura.Json(200, $"{{\"data\":{{\"id\":\"{id}\",\"name\":\"db-{id}\",\"status\":\"running\"}}}}");
        };
        return (stub, overwrites);
    }

    private static HostedPowerShell.Collection Run(HostedPowerShell host, StubAura stub, string script)
    {
        var connection = new AuraConnection(stub.NewClient());
        return host.Run("$ConfirmPreference = 'High'; " + script,
            new Dictionary<string, object?> { ["c"] = connection, ["snap"] = Snapshot });
    }

    [Fact]
    public void No_sends_nothing_and_the_question_names_the_target()
    {
        var (stub, overwrites) = NewAura();
        using var host = new HostedPowerShell();
        host.Host.Answers.Enqueue("No");
        var result = Run(host, stub, "Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snap -TargetInstanceId b2c3d4e5 -Connection $c");
        Assert.Null(result.Terminating);
        Assert.Empty(host.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(overwrites);
        var prompt = Assert.Single(host.Host.Prompts);
        Assert.Contains("db-b2c3d4e5", prompt);
        Assert.Contains("b2c3d4e5", prompt);
        Assert.Contains(Snapshot, prompt);
    }

    [Fact]
    public void Yes_sends_the_overwrite_once()
    {
        var (stub, overwrites) = NewAura();
        using var host = new HostedPowerShell();
        host.Host.Answers.Enqueue("Yes");
        var result = Run(host, stub, "Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snap -TargetInstanceId b2c3d4e5 -Connection $c");
        Assert.Null(result.Terminating);
        Assert.Empty(host.Errors);
        Assert.Equal("b2c3d4e5", Assert.Single(result.Output).Properties["Id"].Value);
        Assert.Equal(new[] { "b2c3d4e5" }, overwrites);
        Assert.Single(host.Host.Prompts);
    }

    [Fact]
    public void Yes_to_all_asks_once_for_the_whole_pipeline()
    {
        var (stub, overwrites) = NewAura();
        using var host = new HostedPowerShell();
        host.Host.Answers.Enqueue("Yes to All");
        var result = Run(host, stub,
            "'01', '02', '03' | ForEach-Object { [pscustomobject]@{ InstanceId = 'a1b2c3d4'; SnapshotId = $snap.Substring(0, 34) + $_ } } | " +
            "Restore-AuraSnapshot -TargetInstanceId b2c3d4e5 -Connection $c");
        Assert.Null(result.Terminating);
        Assert.Empty(host.Errors);
        Assert.Single(host.Host.Prompts);
        Assert.Equal(3, overwrites.Count);
        Assert.Equal(3, result.Output.Count);
    }

    [Fact]
    public void Force_does_not_ask_and_WhatIf_sends_nothing_even_with_Force()
    {
        var (stub, overwrites) = NewAura();
        using var host = new HostedPowerShell();
        var forced = Run(host, stub, "Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snap -TargetInstanceId b2c3d4e5 -Force -Connection $c");
        Assert.Null(forced.Terminating);
        Assert.Single(forced.Output);
        Assert.Single(overwrites);
        Assert.Empty(host.Host.Prompts);

        var apiBefore = stub.ApiCount;
        var whatIf = Run(host, stub, "Restore-AuraSnapshot -InstanceId a1b2c3d4 -SnapshotId $snap -TargetInstanceId c3d4e5f6 -Force -WhatIf -Connection $c");
        Assert.Null(whatIf.Terminating);
        Assert.Empty(whatIf.Output);
        Assert.Single(overwrites);
        Assert.Equal(apiBefore, stub.ApiCount);
        Assert.Empty(host.Host.Prompts);
        Assert.Empty(host.Errors);
    }
}
