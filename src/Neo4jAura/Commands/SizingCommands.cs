using System;
using System.Linq;
using System.Management.Automation;
using Neo4jAura.Client;

namespace Neo4jAura.Commands;

/// <summary>Asks Aura which instance size a graph of this size needs (POST /instances/sizing).</summary>
[Cmdlet(VerbsCommon.Get, "AuraInstanceSizing")]
[OutputType(typeof(AuraInstanceSizing))]
public sealed class GetAuraInstanceSizingCommand : AuraApiCmdlet
{
    /// <summary>Nodes in the graph.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long NodeCount { get; set; }

    /// <summary>Relationships in the graph.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long RelationshipCount { get; set; }

    /// <summary>enterprise-ds or professional-ds (the API's default when omitted).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("enterprise-ds", "professional-ds")]
    public string? Type { get; set; }

    /// <summary>Algorithm categories to run, e.g. pathfinding, community-detection, node-embedding.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.AlgorithmCategoryCompleter))]
    public string[]? AlgorithmCategory { get; set; }

    protected override void Execute()
    {
        var request = new InstanceSizingRequest
        {
            NodeCount = NodeCount,
            RelationshipCount = RelationshipCount,
            InstanceType = Type?.ToLowerInvariant(),
            AlgorithmCategories = AlgorithmCategory?.Select(c => c.Trim()).Where(c => c.Length > 0).ToList(),
        };
        WriteObject(AuraOutput.Wrap(Await(ct => Client.Instances.SizingAsync(request, ct))));
    }
}

/// <summary>Asks Aura which graph analytics session size a graph needs (POST /graph-analytics/sessions/sizing).</summary>
[Cmdlet(VerbsCommon.Get, "AuraGraphAnalyticsSessionSizing")]
[OutputType(typeof(AuraGraphAnalyticsSessionSizing))]
public sealed class GetAuraGraphAnalyticsSessionSizingCommand : AuraApiCmdlet
{
    /// <summary>Nodes in the graph.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long NodeCount { get; set; }

    /// <summary>Relationships in the graph.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long RelationshipCount { get; set; }

    /// <summary>Properties per node.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long? NodePropertyCount { get; set; }

    /// <summary>Labels per node.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long? NodeLabelCount { get; set; }

    /// <summary>Properties per relationship.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long? RelationshipPropertyCount { get; set; }

    /// <summary>Algorithm categories to run, e.g. pathfinding, community-detection, node-embedding.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.AlgorithmCategoryCompleter))]
    public string[]? AlgorithmCategory { get; set; }

    protected override void Execute()
    {
        var request = new SessionSizingRequest
        {
            NodeCount = NodeCount,
            RelationshipCount = RelationshipCount,
            NodePropertyCount = NodePropertyCount,
            NodeLabelCount = NodeLabelCount,
            RelationshipPropertyCount = RelationshipPropertyCount,
            AlgorithmCategories = AlgorithmCategory?.Select(c => c.Trim()).Where(c => c.Length > 0).ToList(),
        };
        WriteObject(AuraOutput.Wrap(Await(ct => Client.Sessions.SizingAsync(request, ct))));
    }
}
