using System.Net;
using System.Text.Json.Nodes;

namespace Neo4jAura.Emulator.Tests;

/// <summary>
/// Snapshots on the fake clock (start 2025-06-02 09:30 UTC; the seeded instances were created at 02:15 some days
/// before, so their scheduled snapshots are taken at :15 past the hour or at 02:15 each day).
/// </summary>
public sealed class SnapshotTests
{
    private static async Task<List<JsonNode>> Day(TestEmulator emu, string instanceId, string? date = null) =>
        (await emu.DataAsync($"v1/instances/{instanceId}/snapshots" + (date is null ? "" : "?date=" + date))).AsArray().Select(s => s!).ToList();

    private static string Time(JsonNode snapshot) => ((string)snapshot["timestamp"]!)[11..16];

    [Fact]
    public async Task VirtualDedicatedCloudHasAnHourlyDifferentialAndADailyExportableFull()
    {
        await using var emu = await TestEmulator.StartAsync();
        var today = await Day(emu, Seed.Running);
        var scheduled = today.Where(s => (string?)s["profile"] == "Scheduled").ToList();
        Assert.Equal(new[] { "09:15", "08:15", "07:15", "06:15", "05:15", "04:15", "03:15", "02:15", "01:15", "00:15" }, scheduled.Select(Time));
        Assert.Equal(new[] { "02:15" }, scheduled.Where(s => (bool)s["exportable"]!).Select(Time));
        Assert.All(scheduled, s => Assert.Equal("Completed", (string?)s["status"]));
        var adHoc = Assert.Single(today, s => (string?)s["profile"] == "AdHoc");
        Assert.Equal(Seed.RunningSnapshot, (string?)adHoc["snapshot_id"]);
        Assert.True((bool)adHoc["exportable"]!);
        Assert.Equal("2025-06-02T08:30:00Z", (string?)adHoc["timestamp"]);
        Assert.Equal(today.Select(s => (string)s["timestamp"]!).OrderByDescending(t => t, StringComparer.Ordinal), today.Select(s => (string)s["timestamp"]!));
    }

    [Theory]
    [InlineData(Seed.Professional, 6, true, 1)]
    [InlineData(Seed.Professional, 8, false, 0)]
    [InlineData(Seed.Analytics, 5, true, 1)]
    [InlineData(Seed.Analytics, 10, false, 1)]
    [InlineData(Seed.Analytics, 15, false, 0)]
    [InlineData(Seed.Running2, 29, true, 24)]
    [InlineData(Seed.Running2, 31, false, 0)]
    [InlineData(Seed.Running, 59, true, 24)]
    [InlineData(Seed.Running, 61, false, 0)]
    [InlineData(Seed.Paused, 1, false, 0)]
    public async Task PastDaysKeepScheduledSnapshotsForThePlansRestorableDaysAndExportableDays(string instanceId, int daysAgo, bool fullExportable, int scheduled)
    {
        await using var emu = await TestEmulator.StartAsync();
        var day = (await Day(emu, instanceId, emu.Day(daysAgo))).Where(s => (string?)s["profile"] == "Scheduled").ToList();
        Assert.Equal(scheduled, day.Count);
        if (scheduled > 0)
        {
            var full = Assert.Single(day, s => Time(s) == "02:15");
            Assert.Equal(fullExportable, (bool)full["exportable"]!);
            Assert.All(day.Where(s => Time(s) != "02:15"), s => Assert.False((bool)s["exportable"]!));
        }
    }

    [Fact]
    public async Task SeededHistoryHasOnDemandSnapshotsOnPastDays()
    {
        await using var emu = await TestEmulator.StartAsync();
        Assert.Single(await Day(emu, Seed.Running, emu.Day(3)), s => (string?)s["profile"] == "AdHoc");
        Assert.Single(await Day(emu, Seed.Running, emu.Day(10)), s => (string?)s["profile"] == "AdHoc");
        var failed = Assert.Single(await Day(emu, Seed.Analytics, emu.Day(2)), s => (string?)s["profile"] == "AdHoc");
        Assert.Equal("Failed", (string?)failed["status"]);
        Assert.False((bool)failed["exportable"]!);
        Assert.Empty(await Day(emu, Seed.Running, "2030-01-01"));
    }

    [Fact]
    public async Task NewScheduledSnapshotsAppearAsTheClockMovesAndOldOnesAgeOut()
    {
        await using var emu = await TestEmulator.StartAsync();
        var oldest = (await Day(emu, Seed.Professional, emu.Day(6))).Single();
        await emu.ControlAsync(HttpMethod.Post, "clock", "{\"advance_seconds\": 3600}");
        var today = await Day(emu, Seed.Running);
        Assert.Equal("10:15", Time(today[0]));
        Assert.Equal("Completed", (string?)today[0]["status"]);

        var clock = await emu.ControlAsync(HttpMethod.Get, "clock");
        Assert.Equal(3600, (double)clock!["offset_seconds"]!);
        Assert.StartsWith("2025-06-02T10:30:00", (string)clock["now"]!);

        await emu.ControlAsync(HttpMethod.Post, "clock", "{\"advance_seconds\": 86400}");
        using var gone = await emu.GetAsync($"v1/instances/{Seed.Professional}/snapshots/{oldest["snapshot_id"]}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var tomorrow = await Day(emu, Seed.Professional);
        Assert.Equal("2025-06-03T02:15:00Z", (string?)Assert.Single(tomorrow)["timestamp"]);
    }

    [Fact]
    public async Task AScheduledSnapshotIsInProgressForTheSnapshotTime()
    {
        await using var emu = await TestEmulator.StartAsync();
        emu.Advance(45 * 60 + 1);
        var latest = (await Day(emu, Seed.Running))[0];
        Assert.Equal("10:15", Time(latest));
        Assert.Equal("InProgress", (string?)latest["status"]);
        emu.Advance(3);
        Assert.Equal("Completed", await emu.SnapshotStatusAsync(Seed.Running, (string)latest["snapshot_id"]!));
    }

    [Fact]
    public async Task ScheduledSnapshotIdsAreStableAndCanBeRead()
    {
        await using var emu = await TestEmulator.StartAsync();
        var first = (await Day(emu, Seed.Running2, emu.Day(1))).Select(s => (string)s["snapshot_id"]!).ToList();
        emu.Advance(120);
        var again = (await Day(emu, Seed.Running2, emu.Day(1))).Select(s => (string)s["snapshot_id"]!).ToList();
        Assert.Equal(first, again);
        // As in Aura's examples: a full one is named by its time ('2023-01-20T13:44:42Z'), the others by a UUID.
        var timed = first.Where(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")).ToList();
        Assert.NotEmpty(timed);
        Assert.All(first.Except(timed), id => Assert.True(Guid.TryParse(id, out _)));
        foreach (var id in new[] { timed[0], first.Except(timed).First() })
        {
            var one = await emu.DataAsync($"v1/instances/{Seed.Running2}/snapshots/{id}");
            Assert.Equal("Scheduled", (string?)one["profile"]);
            Assert.Equal(id, (string?)one["snapshot_id"]);
        }
        var uuid = first.Except(timed).First();
        using var elsewhere = await emu.GetAsync($"v1/instances/{Seed.Running}/snapshots/{uuid}");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task NoScheduledSnapshotsWhileAnInstanceIsPaused()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (await emu.PostAsync($"v1/instances/{Seed.Running2}/pause"))
        {
        }

        emu.Advance(5 * 3600);
        using (await emu.PostAsync($"v1/instances/{Seed.Running2}/resume"))
        {
        }

        emu.Advance(3600);
        var times = (await Day(emu, Seed.Running2)).Where(s => (string?)s["profile"] == "Scheduled").Select(Time).ToList();
        Assert.Equal("15:15", times[0]);
        Assert.DoesNotContain("14:15", times);
        Assert.DoesNotContain("10:15", times);
        Assert.Contains("09:15", times);
    }

    [Fact]
    public async Task OnDemandSnapshotIsPendingThenInProgressThenCompletedAndExportable()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.SnapshotTime = TimeSpan.FromSeconds(4));
        using var create = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        Assert.Equal(HttpStatusCode.Accepted, create.StatusCode);
        var data = (await TestEmulator.JsonAsync(create))["data"]!.AsObject();
        Assert.Equal(new[] { "snapshot_id" }, data.Select(p => p.Key));
        var sid = (string)data["snapshot_id"]!;
        Assert.Equal("Pending", await emu.SnapshotStatusAsync(Seed.Running, sid));
        emu.Advance(1);
        var running = await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots/{sid}");
        Assert.Equal("InProgress", (string?)running["status"]);
        Assert.False((bool)running["exportable"]!);
        emu.Advance(3);
        var done = await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots/{sid}");
        Assert.Equal("Completed", (string?)done["status"]);
        Assert.True((bool)done["exportable"]!);
        Assert.Equal("AdHoc", (string?)done["profile"]);
        Assert.Equal("2025-06-02T09:30:00Z", (string?)done["timestamp"]);
        Assert.Equal(sid, (string?)(await Day(emu, Seed.Running))[0]["snapshot_id"]);
    }

    [Fact]
    public async Task OnDemandSnapshotsLastThePlansOnDemandDays()
    {
        await using var emu = await TestEmulator.StartAsync();
        var professional = await emu.PostForIdAsync($"v1/instances/{Seed.Professional}/snapshots");
        var vdc = await emu.PostForIdAsync($"v1/instances/{Seed.Running}/snapshots");
        emu.Advance(7 * 86400);
        using (var expired = await emu.GetAsync($"v1/instances/{Seed.Professional}/snapshots/{professional}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        }

        Assert.True((bool)(await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots/{vdc}"))["exportable"]!);
    }

    [Fact]
    public async Task FailNextSnapshotsMakesOnDemandSnapshotsFail()
    {
        await using var emu = await TestEmulator.StartAsync();
        await emu.ControlAsync(HttpMethod.Post, "settings", "{\"fail_next_snapshots\": 1}");
        var failing = await emu.PostForIdAsync($"v1/instances/{Seed.Running}/snapshots");
        var ok = await emu.PostForIdAsync($"v1/instances/{Seed.Running}/snapshots");
        emu.Advance(3);
        Assert.Equal("Failed", await emu.SnapshotStatusAsync(Seed.Running, failing));
        Assert.Equal("Completed", await emu.SnapshotStatusAsync(Seed.Running, ok));
        Assert.Equal(0, emu.Store.Settings.FailNextSnapshots);
    }

    [Fact]
    public async Task SnapshotsOfAPausedOrFreeInstanceAreRefused()
    {
        await using var emu = await TestEmulator.StartAsync();
        using (var free = await emu.PostAsync($"v1/instances/{Seed.Paused}/snapshots"))
        {
            Assert.Equal(HttpStatusCode.PaymentRequired, free.StatusCode);
        }

        await emu.ControlAsync(HttpMethod.Post, $"instances/{Seed.Running}/status", "{\"status\":\"paused\"}");
        using var paused = await emu.PostAsync($"v1/instances/{Seed.Running}/snapshots");
        Assert.Equal(HttpStatusCode.Conflict, paused.StatusCode);
        Assert.Equal("instance-not-running", Assert.Single(await TestEmulator.ErrorsAsync(paused)).Reason);
    }

    [Fact]
    public async Task ForcedStatusOfAScheduledSnapshotIsHeldAndMakesItUnusable()
    {
        await using var emu = await TestEmulator.StartAsync();
        var full = (await Day(emu, Seed.Running)).Single(s => Time(s) == "02:15" && (string?)s["profile"] == "Scheduled");
        var sid = (string)full["snapshot_id"]!;
        await emu.ControlAsync(HttpMethod.Post, $"instances/{Seed.Running}/snapshots/{sid}/status", "{\"status\":\"Cancelled\"}");
        emu.Advance(60);
        var cancelled = await emu.DataAsync($"v1/instances/{Seed.Running}/snapshots/{sid}");
        Assert.Equal("Cancelled", (string?)cancelled["status"]);
        Assert.False((bool)cancelled["exportable"]!);
        using var clone = await emu.PostAsync("v1/instances", Seed.CloneBody(Seed.Running, sid));
        Assert.Equal(HttpStatusCode.BadRequest, clone.StatusCode);
    }
}
