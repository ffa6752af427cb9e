<#
.SYNOPSIS
    Refreshes a staging instance with the data of production's latest Completed snapshot.

.DESCRIPTION
    Finds the source (production) and target (staging) instances by name, refuses when the target's name
    looks like production (or when source and target are the same instance), picks the source's newest
    Completed snapshot and overwrites the target with it (Restore-AuraSnapshot -TargetInstanceId -Force
    -Wait). All data in the target is REPLACED. Supports -WhatIf (nothing is changed, nothing is sent but
    reads) and never prompts otherwise, so it can run unattended.

.EXAMPLE
    ./Update-StagingFromProduction.ps1 -SourceName prod-orders -TargetName staging-orders -WhatIf

.EXAMPLE
    ./Update-StagingFromProduction.ps1 -SourceName prod-orders -TargetName staging-orders -Credential $cred
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
param(
    # Name of the production instance whose snapshot is used.
    [Parameter(Mandatory = $true)] [string] $SourceName,
    # Name of the staging instance whose data is replaced.
    [Parameter(Mandatory = $true)] [string] $TargetName,
    # Client id (user name) and client secret (password); default: AURA_CLIENT_ID / AURA_CLIENT_SECRET.
    [pscredential] $Credential,
    # The API root, e.g. a local emulator; default https://api.neo4j.io (or AURA_BASE_URI).
    [uri] $BaseUri,
    # Target names that count as production and are refused.
    [string[]] $ProductionPattern = @('prod*', '*-prod*', '*production*', '*live*'),
    # Time allowed for the overwrite.
    [ValidateRange(1, 86400)] [int] $TimeoutSec = 3600
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module Neo4jAura)) { Import-Module Neo4jAura }

foreach ($pattern in $ProductionPattern) {
    if ($TargetName -like $pattern) {
        throw "Refusing to overwrite '$TargetName': its name looks like production (matches '$pattern'). Only a staging instance may be refreshed."
    }
}

$connect = @{}
if ($Credential) { $connect.Credential = $Credential }
if ($BaseUri) { $connect.BaseUri = $BaseUri }
Connect-Aura @connect

$source = @(Get-AuraInstance -Name $SourceName)
$target = @(Get-AuraInstance -Name $TargetName)
if ($source.Count -ne 1) { throw "Expected one instance named '$SourceName', found $($source.Count)." }
if ($target.Count -ne 1) { throw "Expected one instance named '$TargetName', found $($target.Count)." }
$source = $source[0]; $target = $target[0]
if ($source.Id -eq $target.Id) { throw "Source and target are the same instance ($($source.Id))." }

$snapshot = Get-AuraSnapshot -InstanceId $source.Id -Status Completed -Latest
if (-not $snapshot) { throw "Instance $($source.Name) ($($source.Id)) has no Completed snapshot." }

$what = "instance $($target.Name) ($($target.Id))"
$how = "Replace all its data with snapshot $($snapshot.SnapshotId) of $($source.Name) ($($source.Id)), taken $($snapshot.Timestamp.ToString('u'))"
if ($PSCmdlet.ShouldProcess($what, $how)) {
    $snapshot | Restore-AuraSnapshot -TargetInstanceId $target.Id -Force -Wait -TimeoutSec $TimeoutSec -Confirm:$false
}
