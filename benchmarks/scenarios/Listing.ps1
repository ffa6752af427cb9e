<#
.SYNOPSIS
    One listing run in a fresh pwsh (so the module's pacer starts empty), for Invoke-Benchmarks.ps1 -Scenario Listing.
.DESCRIPTION
    Modes:
      Details  Get-AuraInstance [-Name $Name]: one list request, then one GET per matching instance (8 at a time,
               paced by the module's default pacer: 120 requests in any 61 s per API host)
      Summary  Get-AuraInstance -Summary [-Name $Name]: the list request alone
      Floor    no module: a raw System.Net.Http.HttpClient with a token fetched by hand GETs the list, then the
               first $N listed instances' details all at once (Task.WhenAll; N = 0: the list alone); $Tries times
               after one warm-up list and GET. The runner uses it for the round-trip part of the rate floor.
    Details and Summary: Connect-Aura at the default pace (NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE is removed first),
    then the measured command runs in a second runspace of this process (same module, same process-wide pacer and
    token, -Connection of the first), so that this thread can watch its progress stream: every 50 ms it notes the
    number of progress records and the last one's status. Each output object is timed by a ForEach-Object stage
    (ms since the start). Wall time: from the invocation to its end (import and connect excluded).
    Credentials come from AURA_CLIENT_ID / AURA_CLIENT_SECRET / AURA_BASE_URI.

    By hand: dotnet pwsh -NoProfile -File benchmarks/scenarios/Listing.ps1 -ModulePath out/Neo4jAura -Mode Details -Name 'bench-00*' -OutFile listing.json
#>
param(
    [string] $ModulePath,
    [ValidateSet('Details', 'Summary', 'Floor')] [string] $Mode = 'Details',
    # A -Name filter (wildcards) for Details and Summary; empty: every instance.
    [string] $Name,
    # Floor: how many listed instances' details to GET at once.
    [int] $N = 10,
    # Floor: timed tries after the warm-up.
    [int] $Tries = 1,
    # Details and Summary: run the same command a second time in the same process (warm: JIT done, connections
    # open) after the measured first call; its time is reported apart and the runner splits the log at
    # second_from_ms.
    [switch] $Warm,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Remove-Item Env:NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE -ErrorAction SilentlyContinue

if ($Mode -eq 'Floor') {
    $base = $env:AURA_BASE_URI.TrimEnd('/')
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($env:AURA_CLIENT_ID):$($env:AURA_CLIENT_SECRET)"))
    $token = (Invoke-RestMethod -Method Post -Uri "$base/oauth/token" -Headers @{ Authorization = "Basic $basic" } `
            -Body 'grant_type=client_credentials' -ContentType 'application/x-www-form-urlencoded').access_token
    $http = [System.Net.Http.HttpClient]::new()
    $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
    $listUrl = "$base/v1/instances"
    # Warm-up: one list and one detail GET (JIT, connection pool).
    $ids = @(([System.Text.Json.JsonDocument]::Parse($http.GetStringAsync($listUrl).GetAwaiter().GetResult())).RootElement.GetProperty('data').EnumerateArray() |
            ForEach-Object { $_.GetProperty('id').GetString() })
    if ($ids.Count -lt $N) { throw "The list holds $($ids.Count) instances, fewer than N = $N." }
    $null = $http.GetStringAsync("$base/v1/instances/$($ids[0])").GetAwaiter().GetResult()
    $times = [System.Collections.Generic.List[double]]::new()
    $sw = [System.Diagnostics.Stopwatch]::new()
    for ($t = 0; $t -lt $Tries; $t++) {
        $sw.Restart()
        $doc = [System.Text.Json.JsonDocument]::Parse($http.GetStringAsync($listUrl).GetAwaiter().GetResult())
        $listed = @($doc.RootElement.GetProperty('data').EnumerateArray() | Select-Object -First $N | ForEach-Object { $_.GetProperty('id').GetString() })
        $tasks = [System.Threading.Tasks.Task[string][]]@($listed | ForEach-Object { $http.GetStringAsync("$base/v1/instances/$_") })
        [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]]$tasks)
        $sw.Stop()
        $doc.Dispose()
        foreach ($task in $tasks) { if (-not $task.Result.Contains('"status"')) { throw 'A detail GET did not return an instance.' } }
        $times.Add($sw.Elapsed.TotalMilliseconds)
    }
    $http.Dispose()
    [pscustomobject]@{ mode = $Mode; n = $N; tries = $Tries; ms = $times.ToArray() } | ConvertTo-Json -Depth 3 | Set-Content -Path $OutFile -Encoding utf8
    return
}

Import-Module $ModulePath
Connect-Aura
$conn = Get-AuraConnection

$iss = [initialsessionstate]::CreateDefault2()
$iss.ImportPSModule([string[]]@((Get-Module Neo4jAura).Path))
$rs = [runspacefactory]::CreateRunspace($iss)
$rs.Open()
$stamps = [System.Collections.Generic.List[double]]::new()
$sw = [System.Diagnostics.Stopwatch]::new()
$rs.SessionStateProxy.SetVariable('stamps', $stamps)
$rs.SessionStateProxy.SetVariable('sw', $sw)
$rs.SessionStateProxy.SetVariable('conn', $conn)
$p = @{}
if ($Name) { $p.Name = $Name }
if ($Mode -eq 'Summary') { $p.Summary = $true }
$rs.SessionStateProxy.SetVariable('p', $p)
$ps = [powershell]::Create()
$ps.Runspace = $rs
$null = $ps.AddScript({
        $ErrorActionPreference = 'Continue'
        $ProgressPreference = 'Continue'
        Get-AuraInstance @p -Connection $conn | ForEach-Object { $stamps.Add($sw.Elapsed.TotalMilliseconds); $_ }
    })
$output = [System.Management.Automation.PSDataCollection[psobject]]::new()
$progressSeen = [System.Collections.Generic.List[object]]::new()
$lastCount = 0
$sw.Start()
$async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $output)
while (-not $async.IsCompleted) {
    Start-Sleep -Milliseconds 50
    $count = $ps.Streams.Progress.Count
    if ($count -ne $lastCount) {
        $last = $ps.Streams.Progress[$count - 1]
        $progressSeen.Add([pscustomobject]@{ t_ms = $sw.Elapsed.TotalMilliseconds; records = $count; activity = $last.Activity; status = $last.StatusDescription; percent = $last.PercentComplete })
        $lastCount = $count
    }
}
$null = $ps.EndInvoke($async)
$sw.Stop()
$wallMs = $sw.Elapsed.TotalMilliseconds
$progress = @($ps.Streams.Progress)
$errors = @($ps.Streams.Error | ForEach-Object { [pscustomobject]@{ id = $_.FullyQualifiedErrorId; message = $_.Exception.Message } })
$ps.Dispose()

$warmMs = $null; $secondFrom = $null; $warmOutputs = $null
if ($Warm) {
    Start-Sleep -Milliseconds 100   # keeps the two calls apart in the log's times
    $secondFrom = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $ps2 = [powershell]::Create()
    $ps2.Runspace = $rs
    $null = $ps2.AddScript({ $ProgressPreference = 'SilentlyContinue'; Get-AuraInstance @p -Connection $conn })
    $sw2 = [System.Diagnostics.Stopwatch]::StartNew()
    $warmOutputs = @($ps2.Invoke()).Count
    $sw2.Stop()
    $warmMs = $sw2.Elapsed.TotalMilliseconds
    $ps2.Dispose()
}
$rs.Dispose()

$objs = @($output)
[pscustomobject]@{
    mode            = $Mode
    name            = $Name
    wall_ms         = $wallMs
    outputs         = $objs.Count
    distinct_ids    = @($objs | ForEach-Object Id | Select-Object -Unique).Count
    # Details read by a GET of the instance: the list's summaries have no status or memory.
    with_details    = @($objs | Where-Object { $_.PSObject.Properties['Status'] -and $_.Status -and $_.PSObject.Properties['Memory'] -and $_.Memory }).Count
    first_output_ms = if ($stamps.Count) { $stamps[0] } else { $null }
    last_output_ms  = if ($stamps.Count) { $stamps[$stamps.Count - 1] } else { $null }
    # the output times, as a cumulative profile: when the k-th object came out
    stamps_ms       = $stamps.ToArray()
    progress        = [pscustomobject]@{
        records   = $progress.Count
        first     = if ($progress.Count) { "$($progress[0].Activity): $($progress[0].StatusDescription)" } else { $null }
        last      = if ($progress.Count) { "$($progress[-1].Activity): $($progress[-1].StatusDescription) ($($progress[-1].RecordType))" } else { $null }
        first_ms  = if ($progressSeen.Count) { $progressSeen[0].t_ms } else { $null }
        watched   = $progressSeen.ToArray()
    }
    errors          = $errors
    warm_ms         = $warmMs
    warm_outputs    = $warmOutputs
    second_from_ms  = $secondFrom
} | ConvertTo-Json -Depth 5 | Set-Content -Path $OutFile -Encoding utf8
