using System;
using System.Management.Automation;
using Neo4jAura.Errors;
using Neo4jAura.Waiting;
using Xunit;

namespace Neo4jAura.Tests.Waiting;

public class GoalTests
{
    private static AuraInstance With(string status, string memory = "8GB") => new() { Id = "a1b2c3d4", Name = "prod-orders", Status = status, Memory = memory };

    [Theory]
    [InlineData("creating")]
    [InlineData("suspending")]
    [InlineData("suspended")]
    [InlineData("overwriting")]
    [InlineData("loading")]
    [InlineData("some-future-status")]
    public void Statuses_the_module_does_not_expect_are_waited_through(string status)
    {
        var outcome = InstanceGoal.Running().Evaluate(With(status), "instance prod-orders (a1b2c3d4)");
        Assert.Equal(WaitState.Waiting, outcome.State);
        Assert.Equal(status, outcome.Status);
    }

    [Theory]
    [InlineData("loading failed")]
    [InlineData("restore failed")]
    [InlineData("FAILED")]
    public void A_failure_state_ends_the_wait_with_an_error_naming_it(string status)
    {
        var outcome = InstanceGoal.Running().Evaluate(With(status), "instance prod-orders (a1b2c3d4)");
        Assert.Equal(WaitState.Failed, outcome.State);
        var ex = Assert.IsType<AuraApiException>(outcome.Error);
        Assert.Equal("AuraInstanceFailed", ex.ErrorId);
        Assert.Contains(status, ex.Message);
        Assert.Contains("prod-orders (a1b2c3d4)", ex.Message);
    }

    [Fact]
    public void Done_at_the_awaited_status_case_insensitively()
    {
        Assert.Equal(WaitState.Done, InstanceGoal.Running().Evaluate(With("Running"), "x").State);
        Assert.Equal(WaitState.Done, InstanceGoal.Paused().Evaluate(With("paused"), "x").State);
        Assert.Equal(WaitState.Waiting, InstanceGoal.Paused().Evaluate(With("running"), "x").State);
    }

    [Fact]
    public void A_resize_is_done_only_with_the_new_memory()
    {
        var goal = InstanceGoal.Settled("running", "16GB");
        Assert.Equal(WaitState.Waiting, goal.Evaluate(With("running", "8GB"), "x").State);
        Assert.Equal(WaitState.Done, goal.Evaluate(With("running", "16gb"), "x").State);
    }

    [Fact]
    public void Destroyed_or_gone_counts_as_done_for_delete_waits_only()
    {
        var notFound = new AuraApiException("gone", "AuraInstanceNotFound", ErrorCategory.ObjectNotFound) { StatusCode = 404 };
        Assert.Equal(WaitState.Waiting, InstanceGoal.Deleted().Evaluate(With("destroying"), "x").State);
        var gone = InstanceGoal.Deleted().NotFound(notFound, With("destroying"));
        Assert.Equal(WaitState.Done, gone.State);
        Assert.Equal("deleted", gone.Value!.Status); // the API has no such status: the module says it once Aura no longer knows it
        Assert.Equal(WaitState.Failed, InstanceGoal.Running().NotFound(notFound, With("creating")).State);
        Assert.Equal(WaitState.Waiting, InstanceGoal.Running().Evaluate(With("destroyed"), "x").State);
    }

    [Fact]
    public void Snapshots_are_done_at_Completed_and_fail_at_Failed()
    {
        var s = new AuraSnapshot { SnapshotId = "s1", InstanceId = "a1b2c3d4" };
        s.Status = "InProgress"; Assert.Equal(WaitState.Waiting, SnapshotGoal.Evaluate(s, "snapshot s1").State);
        s.Status = "Pending"; Assert.Equal(WaitState.Waiting, SnapshotGoal.Evaluate(s, "snapshot s1").State);
        s.Status = "Completed"; Assert.Equal(WaitState.Done, SnapshotGoal.Evaluate(s, "snapshot s1").State);
        s.Status = "Failed";
        var failed = SnapshotGoal.Evaluate(s, "snapshot s1");
        Assert.Equal(WaitState.Failed, failed.State);
        Assert.Equal("AuraSnapshotFailed", Assert.IsType<AuraApiException>(failed.Error).ErrorId);
    }
}
