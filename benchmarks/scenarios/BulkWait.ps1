<#
.SYNOPSIS
    One bulk-wait run in a fresh pwsh (so the module's pacer starts empty), for Invoke-Benchmarks.ps1 -Scenario BulkWait|Latency.
.DESCRIPTION
    Pipeline:   $ids | <objects with InstanceId> | New-AuraSnapshot -Wait | <timestamp each output>
    Sequential: foreach ($id in $ids) { New-AuraSnapshot -InstanceId $id -Wait | <timestamp> }
    The module paces at its default (Connect-Aura without -RequestsPerMinute). Each output object is stamped
    with the time it reached the downstream command (Unix ms: ConvertFrom-Json would turn ISO text into local DateTime); the runner compares that with the emulator's log.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string[]] $InstanceId,
    [ValidateSet('Pipeline', 'Sequential')] [string] $Mode = 'Pipeline',
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-Aura
$ids = $InstanceId | ForEach-Object { $_ -split ',' } | Where-Object { $_ }

$outputs = [System.Collections.Generic.List[object]]::new()
$stamp = {
    process {
        $outputs.Add([pscustomobject]@{
                t_ms        = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
                instance_id = $_.InstanceId
                snapshot_id = $_.SnapshotId
                status      = "$($_.Status)"
            })
    }
}
$errs = $null
$started = [DateTimeOffset]::UtcNow
$sw = [System.Diagnostics.Stopwatch]::StartNew()
if ($Mode -eq 'Pipeline') {
    $ids | ForEach-Object { [pscustomobject]@{ InstanceId = $_ } } |
        New-AuraSnapshot -Wait -ErrorAction SilentlyContinue -ErrorVariable +errs -ProgressAction SilentlyContinue | & $stamp
}
else {
    foreach ($id in $ids) {
        New-AuraSnapshot -InstanceId $id -Wait -ErrorAction SilentlyContinue -ErrorVariable +errs -ProgressAction SilentlyContinue | & $stamp
    }
}
$sw.Stop()
[pscustomobject]@{
    mode       = $Mode
    n          = @($ids).Count
    started_ms = $started.ToUnixTimeMilliseconds()
    wall_s     = $sw.Elapsed.TotalSeconds
    outputs    = $outputs.ToArray()
    errors     = @($errs | ForEach-Object { [pscustomobject]@{ id = $_.FullyQualifiedErrorId; message = $_.Exception.Message } })
} | ConvertTo-Json -Depth 4 | Set-Content -Path $OutFile -Encoding utf8
