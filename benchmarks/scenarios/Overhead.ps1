<#
.SYNOPSIS
    Per-call overhead, run in a fresh pwsh by Invoke-Benchmarks.ps1 -Scenario Overhead.
.DESCRIPTION
    Three ways to GET /v1/instances/{id} from the same process, against an emulator with the rate limit lifted:
      module  Get-AuraInstance -InstanceId $id (pace lifted for the loopback emulator: NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE)
      floor   a reused System.Net.Http.HttpClient, GetStringAsync, the same URL and a token fetched by hand
      irm     Invoke-RestMethod with the same token (what a user writes without the module)
    and, to see where the module's time goes:
      client  the module's HTTP layer alone (the connection's internal AuraClient.Instances.GetAsync, no cmdlet)
      cmdlet  Get-AuraConnection: invoking one of the module's cmdlets, no HTTP
    After a warm-up of each, the calls run in rounds; each round runs a block of every variant, in an order that
    rotates from round to round, so drift (GC, tiering, other load) hits all three alike. Every call is timed on
    its own with a Stopwatch. Credentials come from AURA_CLIENT_ID / AURA_CLIENT_SECRET / AURA_BASE_URI.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InstanceId,
    [Parameter(Mandatory)] [string] $OutFile,
    [int] $Calls = 300,
    [int] $Rounds = 10,
    [int] $Warmup = 30
)
$ErrorActionPreference = 'Stop'
$env:NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE = 100000
Import-Module $ModulePath
Connect-Aura

$base = $env:AURA_BASE_URI.TrimEnd('/')
$basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($env:AURA_CLIENT_ID):$($env:AURA_CLIENT_SECRET)"))
$token = (Invoke-RestMethod -Method Post -Uri "$base/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
        -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded').access_token
$url = "$base/v1/instances/$InstanceId"
$headers = @{ Authorization = "Bearer $token" }
$http = [System.Net.Http.HttpClient]::new()
$http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)

# For the breakdown: the module's HTTP layer called directly (internal AuraClient behind the connection), and a
# cmdlet of the module that sends nothing (the cost of invoking a binary cmdlet from a script).
$conn = Get-AuraConnection
$client = $conn.GetType().GetProperty('Client', [Reflection.BindingFlags]'NonPublic,Instance').GetValue($conn)
$none = [System.Threading.CancellationToken]::None
$variants = [ordered]@{
    module = { $null = Get-AuraInstance -InstanceId $InstanceId }
    floor  = { $null = $http.GetStringAsync($url).GetAwaiter().GetResult() }
    irm    = { $null = Invoke-RestMethod -Uri $url -Headers $headers }
    client = { $null = $client.Instances.GetAsync($InstanceId, $none).GetAwaiter().GetResult() }
    cmdlet = { $null = Get-AuraConnection }
}
# Each variant must really get the instance before it is timed.
if ((Get-AuraInstance -InstanceId $InstanceId).Id -ne $InstanceId) { throw 'Get-AuraInstance did not return the instance.' }
if (($http.GetStringAsync($url).GetAwaiter().GetResult() | ConvertFrom-Json).data.id -ne $InstanceId) { throw 'HttpClient did not get the instance.' }
if ((Invoke-RestMethod -Uri $url -Headers $headers).data.id -ne $InstanceId) { throw 'Invoke-RestMethod did not get the instance.' }
if ($client.Instances.GetAsync($InstanceId, $none).GetAwaiter().GetResult().Id -ne $InstanceId) { throw 'AuraClient did not get the instance.' }

foreach ($name in $variants.Keys) { for ($i = 0; $i -lt $Warmup; $i++) { & $variants[$name] } }

$samples = @{}
foreach ($name in $variants.Keys) { $samples[$name] = [System.Collections.Generic.List[double]]::new() }
$names = @($variants.Keys)
$perRound = [math]::Ceiling($Calls / $Rounds)
$sw = [System.Diagnostics.Stopwatch]::new()
for ($r = 0; $r -lt $Rounds; $r++) {
    for ($k = 0; $k -lt $names.Count; $k++) {
        $name = $names[($r + $k) % $names.Count]
        $block = $variants[$name]
        $list = $samples[$name]
        for ($i = 0; $i -lt $perRound; $i++) {
            $sw.Restart()
            & $block
            $sw.Stop()
            $list.Add($sw.Elapsed.TotalMilliseconds)
        }
    }
}
$http.Dispose()
[pscustomobject]@{
    calls   = $perRound * $Rounds
    rounds  = $Rounds
    warmup  = $Warmup
    samples = [pscustomobject]@{
        module = $samples.module.ToArray(); floor = $samples.floor.ToArray(); irm = $samples.irm.ToArray()
        client = $samples.client.ToArray(); cmdlet = $samples.cmdlet.ToArray()
    }
} | ConvertTo-Json -Depth 4 -Compress | Set-Content -Path $OutFile -Encoding utf8
