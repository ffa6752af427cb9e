<#
.SYNOPSIS
    Requests per session and per operation, in a fresh pwsh, for Invoke-Benchmarks.ps1 -Scenario Requests.
.DESCRIPTION
    Runs phases one after another and records when each began and ended (UTC); the runner splits the emulator's
    request log by these marks:
      session           Connect-Aura, then Get-AuraTenant, Get-AuraInstance (-Summary list, by id, by name), Get-AuraSnapshot
                        (the list is -Summary, one request as before Aura API v1: a list with details of the 200
                        seeded instances is 201 requests and waits 61 s for the pace, see the Listing scenario)
      parallel-using    ForEach-Object -Parallel (8 items, 4 runspaces), each Get-AuraInstance -Connection $using:conn
      parallel-connect  ForEach-Object -Parallel (8 items, 4 runspaces), each runspace runs Connect-Aura itself
      wait              New-AuraSnapshot -InstanceId $id -Wait (one operation: POST + polls)
      lifetime          (unless -SkipLifetime) the emulator's token lifetime set to -LifetimeSec, reconnect, then
                        Get-AuraInstance -InstanceId every 0.5 s for -LifetimeRunSec
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $InstanceId,
    [Parameter(Mandatory)] [string] $OutFile,
    [int] $LifetimeSec = 20,
    [int] $LifetimeRunSec = 60,
    [switch] $SkipLifetime
)
$ErrorActionPreference = 'Stop'
$base = $env:AURA_BASE_URI.TrimEnd('/')
$phases = [System.Collections.Generic.List[object]]::new()
function Invoke-Phase([string] $Name, [scriptblock] $Body, [hashtable] $Info = @{}) {
    $from = [DateTimeOffset]::UtcNow
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $count = @(& $Body).Count
    $sw.Stop()
    $to = [DateTimeOffset]::UtcNow
    $phases.Add([pscustomobject]@{ name = $Name; from_ms = $from.ToUnixTimeMilliseconds(); to_ms = $to.ToUnixTimeMilliseconds(); seconds = $sw.Elapsed.TotalSeconds; outputs = $count; info = $Info })
    Start-Sleep -Milliseconds 300   # keeps the phases apart in the log's times
}

Import-Module $ModulePath
$id = $InstanceId
Invoke-Phase session {
    Connect-Aura
    Get-AuraTenant
    Get-AuraInstance -Summary
    Get-AuraInstance -InstanceId $id
    Get-AuraInstance -Name 'bench-00*'
    Get-AuraSnapshot -InstanceId $id
}
$conn = Get-AuraConnection
Invoke-Phase parallel-using {
    1..8 | ForEach-Object -ThrottleLimit 4 -Parallel {
        Import-Module $using:ModulePath
        Get-AuraInstance -InstanceId $using:id -Connection $using:conn
    }
}
Invoke-Phase parallel-connect {
    1..8 | ForEach-Object -ThrottleLimit 4 -Parallel {
        Import-Module $using:ModulePath
        Connect-Aura
        Get-AuraInstance -InstanceId $using:id
    }
}
Invoke-Phase wait { New-AuraSnapshot -InstanceId $id -Wait -ProgressAction SilentlyContinue }
if (-not $SkipLifetime) {
    $null = Invoke-RestMethod -Method Post -Uri "$base/_emulator/settings" -ContentType 'application/json' `
        -Body (@{ token_lifetime_seconds = $LifetimeSec } | ConvertTo-Json -Compress)
    try {
        Invoke-Phase lifetime {
            Disconnect-Aura
            Connect-Aura
            $until = [DateTime]::UtcNow.AddSeconds($LifetimeRunSec)
            while ([DateTime]::UtcNow -lt $until) {
                Get-AuraInstance -InstanceId $id
                Start-Sleep -Milliseconds 500
            }
        } @{ lifetime_s = $LifetimeSec; run_s = $LifetimeRunSec }
    }
    finally {
        $null = Invoke-RestMethod -Method Post -Uri "$base/_emulator/settings" -ContentType 'application/json' `
            -Body (@{ token_lifetime_seconds = 3600 } | ConvertTo-Json -Compress)
    }
}
[pscustomobject]@{ phases = $phases.ToArray() } | ConvertTo-Json -Depth 5 | Set-Content -Path $OutFile -Encoding utf8
