using Xunit;

namespace Neo4jAura.Tests;

public class SmokeTests
{
    [Fact]
    public void Escape_encodes_path_separators()
    {
        Assert.Equal("a%2Fb", Neo4jAura.Client.AuraClient.Escape("a/b"));
    }
}
