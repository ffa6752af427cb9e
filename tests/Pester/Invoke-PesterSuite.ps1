<#
.SYNOPSIS
    Runs the Pester suites in this folder (in a fresh pwsh, as build.ps1 -Task Test does) and writes
    the counts to a JSON file: {"passed":N,"failed":M,"skipped":K}.
#>
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $ModulePath,
    # Which *.Tests.ps1 files to run (wildcards); default $env:NEO4JAURA_PESTER_FILTER, else all.
    [string] $Filter = $(if ($env:NEO4JAURA_PESTER_FILTER) { $env:NEO4JAURA_PESTER_FILTER } else { '*' }),
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -MinimumVersion 5.7.1 -Force
$env:NEO4JAURA_MODULE_PATH = $ModulePath

$files = Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object Name -Like "$Filter.Tests.ps1"
if (-not $files) { $files = Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object Name -Like $Filter }
if (-not $files) {
    Write-Host "No Pester test file matches '$Filter'." -ForegroundColor Red
    [ordered]@{ passed = 0; failed = 1; skipped = 0 } | ConvertTo-Json | Set-Content -Path $ResultPath
    exit 1
}
$config = New-PesterConfiguration
$config.Run.Path = @($files.FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = if ($env:CI) { 'Normal' } else { 'Normal' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($ResultPath, '.xml')
$config.TestResult.OutputFormat = 'NUnitXml'
# The tests run with PowerShell's default error preference, as at a user's prompt (not this script's Stop).
$ErrorActionPreference = 'Continue'
$result = Invoke-Pester -Configuration $config

# No result at all (Pester itself failed) counts as a failure, never as a pass.
$failed = if ($null -eq $result) { 1 } else { $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount }
[ordered]@{ passed = [int]$result.PassedCount; failed = [int]$failed; skipped = [int]$result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $ResultPath
exit $failed
