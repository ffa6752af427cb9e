<#
.SYNOPSIS
    Takes an on-demand snapshot of every running Aura instance and waits for them together.

.DESCRIPTION
    A runbook for Azure Automation (Windows PowerShell 5.1 or PowerShell 7) or any scheduler. It signs in
    from -Credential (an Automation credential asset: user name = client id, password = client secret) or,
    without it, from AURA_CLIENT_ID / AURA_CLIENT_SECRET; snapshots every instance whose status is
    'running' (optionally only those whose name matches -Name), waits for all of them together and writes
    one summary object per instance (InstanceId, Name, Result, SnapshotId, Error). It never prompts, and it
    ends with an error (a non-zero exit code under pwsh -File) when any snapshot failed, so the job shows
    as failed.

.EXAMPLE
    ./Invoke-NightlySnapshots.ps1 -Credential (Get-AutomationPSCredential -Name 'Aura')

.EXAMPLE
    $env:AURA_CLIENT_ID = '...'; $env:AURA_CLIENT_SECRET = '...'
    pwsh -File ./Invoke-NightlySnapshots.ps1 -Name 'prod-*'
#>
[CmdletBinding()]
param(
    # Client id (user name) and client secret (password); default: AURA_CLIENT_ID / AURA_CLIENT_SECRET.
    [pscredential] $Credential,
    # The API root, e.g. a local emulator to rehearse; default https://api.neo4j.io (or AURA_BASE_URI).
    [uri] $BaseUri,
    # Only instances whose name matches (wildcards).
    [string] $Name = '*',
    # Time allowed for each snapshot.
    [ValidateRange(1, 86400)] [int] $TimeoutSec = 3600
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # no progress bars in job logs
if (-not (Get-Module Neo4jAura)) { Import-Module Neo4jAura }

# The caller's connection when there is one and none was asked for; otherwise sign in.
if ($Credential -or $BaseUri -or -not (Get-AuraConnection)) {
    $connect = @{}
    if ($Credential) { $connect.Credential = $Credential }
    if ($BaseUri) { $connect.BaseUri = $BaseUri }
    Connect-Aura @connect
}

$running = @(Get-AuraInstance -Name $Name | Where-Object Status -eq 'running')
Write-Verbose "Taking snapshots of $($running.Count) running instance(s)."

$snapshotErrors = $null
$snapshots = @($running | New-AuraSnapshot -Wait -TimeoutSec $TimeoutSec -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable snapshotErrors)

$summary = foreach ($instance in $running) {
    $done = $snapshots | Where-Object InstanceId -eq $instance.Id | Select-Object -First 1
    $failure = $snapshotErrors | Where-Object {
        $target = $_.TargetObject
        ($target -is [string] -and $target -eq $instance.Id) -or ($target -and $target.PSObject.Properties['InstanceId'] -and $target.InstanceId -eq $instance.Id)
    } | Select-Object -First 1
    [pscustomobject]@{
        InstanceId = $instance.Id
        Name       = $instance.Name
        Result     = if ($done) { 'Succeeded' } else { 'Failed' }
        SnapshotId = if ($done) { $done.SnapshotId } else { $null }
        Error      = if ($done) { $null } elseif ($failure) { $failure.Exception.Message } else { 'No snapshot came back.' }
    }
}

$summary
$summary | Format-Table -AutoSize | Out-String -Width 200 | Write-Verbose

$failed = @($summary | Where-Object Result -ne 'Succeeded')
if ($failed.Count -gt 0) {
    throw "Nightly snapshots: $($failed.Count) of $($summary.Count) failed: $(($failed | ForEach-Object { "$($_.Name) ($($_.InstanceId)): $($_.Error)" }) -join '; ')"
}
