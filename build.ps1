<#
.SYNOPSIS
    Builds, tests, demonstrates and packages Neo4jAura.

.DESCRIPTION
    Run it with the pinned PowerShell from the repository's tool manifest:

        dotnet tool restore
        dotnet pwsh -File build.ps1 -Task Test

    Tasks (Invoke-Build 5.14.23, restored from NuGet on first use):
      Build      dotnet build Neo4jAura.sln -c Release: out/Neo4jAura (the module) and the emulator
      Help       regenerate en-US/Neo4jAura.dll-Help.xml from docs/en-US/*.md
      Test       Build, then xunit (dotnet test) and Pester (real pwsh against the emulator);
                 ends with one line "Total: N passed, M failed, K skipped"
      Demo       Build, start the emulator on a free port, run the nightly-snapshot runbook against it, stop it
      Package    Build, then the PowerShell Gallery .nupkg (out/packages) and the emulator's .NET tool package
      Publish    Package, then Publish-PSResource to the Gallery (needs -ApiKey or $env:PSGALLERY_API_KEY)
      Benchmark  run the benchmarks (benchmarks/README.md)
      Clean      remove out/ and every bin/ and obj/
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Help', 'Test', 'Demo', 'Package', 'Publish', 'Benchmark', 'Clean')]
    [string[]] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',
    # Pester: run only the test files whose names match (e.g. 'Emulator*').
    [string] $PesterFilter = '*',
    # xunit: a dotnet test --filter expression.
    [string] $XunitFilter = '',
    # Publish: the Gallery API key (default: $env:PSGALLERY_API_KEY).
    [string] $ApiKey = $env:PSGALLERY_API_KEY
)

# Restore the build tools from NuGet, then run the tasks of build/Neo4jAura.build.ps1 with Invoke-Build.
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    dotnet restore build/tools/tools.csproj --verbosity quiet
    if ($LASTEXITCODE) { throw 'Restoring the build tools (Pester, Invoke-Build) from NuGet failed.' }
    $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $invokeBuild = Join-Path $nuget 'invoke-build/5.14.23/tools/Invoke-Build.ps1'
    # A summary left by an earlier run must not stand in for this one (a build that fails never reaches the tests).
    if ($Task -contains 'Test') { Remove-Item (Join-Path $PSScriptRoot 'out/test-results/summary.txt') -ErrorAction SilentlyContinue }
    & $invokeBuild -Task $Task -File (Join-Path $PSScriptRoot 'build/Neo4jAura.build.ps1') `
        -Configuration $Configuration -PesterFilter $PesterFilter -XunitFilter $XunitFilter -ApiKey $ApiKey
}
catch {
    # Invoke-Build has shown the error with its details; one line says so again before the summary.
    Write-Host "Build FAILED: $($_.Exception.Message)" -ForegroundColor Red
    $failed = $true
}
finally { Pop-Location }
# The test summary is the last line (Invoke-Build's own lines come before it).
$summaryFile = Join-Path $PSScriptRoot 'out/test-results/summary.txt'
if ($Task -contains 'Test' -and (Test-Path $summaryFile)) { Write-Host (Get-Content $summaryFile -Raw).Trim() }
if ($failed) { exit 1 }
