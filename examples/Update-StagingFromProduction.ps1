<#
.SYNOPSIS
    Refreshes a staging instance with the data of production's latest Completed, exportable snapshot.

.DESCRIPTION
    Finds the source (production) and target (staging) instances by name, refuses when the target's name
    looks like production (or when source and target are the same instance, or the target is smaller than the
    source: Aura refuses that), picks the source's newest Completed, exportable snapshot (looking back up to 30
    days) and overwrites the target with it (Restore-AuraSnapshot -TargetInstanceId -Force -Wait). All data in
    the target is REPLACED. Uses the caller's connection when there is one (Connect-Aura first), else connects
    with -Credential / the environment. Supports -WhatIf (nothing is changed, nothing is sent but reads) and
    never prompts otherwise, so it can run unattended.

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
    # Client id (user name) and client secret (password); default: the current connection, else AURA_CLIENT_ID / AURA_CLIENT_SECRET.
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

# The caller's connection when there is one and none was asked for; otherwise sign in.
if ($Credential -or $BaseUri -or -not (Get-AuraConnection)) {
    $connect = @{}
    if ($Credential) { $connect.Credential = $Credential }
    if ($BaseUri) { $connect.BaseUri = $BaseUri }
    Connect-Aura @connect
}

$source = @(Get-AuraInstance -Name $SourceName)
$target = @(Get-AuraInstance -Name $TargetName)
if ($source.Count -ne 1) { throw "Expected one instance named '$SourceName', found $($source.Count)." }
if ($target.Count -ne 1) { throw "Expected one instance named '$TargetName', found $($target.Count)." }
$source = $source[0]; $target = $target[0]
if ($source.Id -eq $target.Id) { throw "Source and target are the same instance ($($source.Id))." }
# Sizes compare by size (AuraSize): Aura cannot put a larger database into a smaller instance.
if ($target.Memory -lt $source.Memory -or ($source.Storage -and $target.Storage -lt $source.Storage)) {
    throw "Instance $($target.Name) ($($target.Memory) memory, $($target.Storage) storage) is smaller than $($source.Name) ($($source.Memory), $($source.Storage)): resize it first (Set-AuraInstance -Memory -Storage)."
}

$snapshot = Get-AuraSnapshot -InstanceId $source.Id -Status Completed -Exportable -Latest
if (-not $snapshot) { throw "Instance $($source.Name) ($($source.Id)) has no Completed, exportable snapshot in the last 30 days." }

$what = "instance $($target.Name) ($($target.Id))"
$how = "Replace all its data with snapshot $($snapshot.SnapshotId) of $($source.Name) ($($source.Id)), taken $($snapshot.Timestamp.ToString('u'))"
if ($PSCmdlet.ShouldProcess($what, $how)) {
    $snapshot | Restore-AuraSnapshot -TargetInstanceId $target.Id -Force -Wait -TimeoutSec $TimeoutSec -Confirm:$false
}
